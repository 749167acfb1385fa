package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;

/** Hears about a run as it goes; the CLI prints a line per step from it. */
@API(status = INTERNAL, since = "0.1.0")
public interface RunListener {

  /** Called once per step, in run order (not completion order), as soon as the step and all before it finished. */
  void stepFinished(StepRecord record);

  /** A listener that hears nothing. */
  RunListener NONE = record -> {};
}
