package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a phase.
 *
 * @param root the directory treated as {@code /}; commands and service actions only execute when it is {@code /}
 * @param dryRun write nothing: changes go to an in-memory overlay and are reported
 * @param environment what steps see through {@code Host.env}
 * @param clock the clock steps see
 * @param changeObserver sees each change a step is about to make; {@link ChangeObserver#NONE} outside tests
 */
@API(status = INTERNAL, since = "0.1.0")
public record RunOptions(
    Path root, boolean dryRun, Map<String, String> environment, Clock clock, ChangeObserver changeObserver) {
  public RunOptions {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(changeObserver, "changeObserver");
  }

  /** Options without a change observer. */
  public RunOptions(Path root, boolean dryRun, Map<String, String> environment, Clock clock) {
    this(root, dryRun, environment, clock, ChangeObserver.NONE);
  }

  /** A real run over {@code root} with the process environment and the system clock. */
  public static RunOptions of(Path root) {
    return new RunOptions(root, false, System.getenv(), Clock.systemUTC());
  }

  public RunOptions withDryRun(boolean dryRun) {
    return new RunOptions(root, dryRun, environment, clock, changeObserver);
  }

  public RunOptions withChangeObserver(ChangeObserver changeObserver) {
    return new RunOptions(root, dryRun, environment, clock, changeObserver);
  }
}
