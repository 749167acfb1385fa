package dev.eksnode.spi;

import java.util.List;
import java.util.Optional;

/**
 * Everything a step may touch and nothing else: its plugin's configuration, facts published by earlier
 * steps, shared documents, and the {@link Host}. One context per step; safe to use from the step's
 * own thread. Stable API.
 */
public interface StepContext {

  /** The id of the step this context belongs to. */
  String stepId();

  /** The phase being run. */
  Phase phase();

  /** The machine, or the directory tree standing in for it. */
  Host host();

  /** The object the step's plugin returned from {@link Plugin#bindConfig}, cast to {@code type}. */
  <T> T config(Class<T> type);

  /** A fact published earlier in this run, if any. */
  <T> Optional<T> fact(FactKey<T> key);

  /**
   * A fact that must be there; throws an {@link EksnodeException} naming the key when it is not (the
   * step forgot to require the step that publishes it).
   */
  default <T> T requireFact(FactKey<T> key) {
    return fact(key)
        .orElseThrow(
            () ->
                new EksnodeException(
                    stepId() + " needs fact '" + key.name() + "', which no earlier step published"));
  }

  /** Publishes a fact for later steps; a key can be published once per run. */
  <T> void publish(FactKey<T> key, T value);

  /**
   * Adds to a shared document. The contribution must arrive before the document's rendering step
   * starts, so declare {@code before} that step ({@link DocumentKey#renderedBy()}).
   */
  <T> void contribute(DocumentKey<T> key, T value);

  /**
   * Every contribution to a document so far, in step order (not completion order), so rendering is
   * deterministic.
   */
  <T> List<Contribution<T>> contributions(DocumentKey<T> key);

  /**
   * Reports a problem with a configuration value, located where the value was set, or where the nearest
   * table around the key was set when the key is absent. Only a step that {@link Step#checksOnly()} may
   * report; the kernel reports every check's problems together and refuses the run (exit 2) before any
   * other step when one is an error. A warning is printed and shown in the step's report line.
   *
   * @param key eksnode's dotted key, e.g. {@code cluster.name}
   * @param message what is wrong, e.g. {@code is not set}
   * @param suggestion how to fix it, or empty
   * @param severity error or warning
   */
  void configProblem(String key, String message, String suggestion, ConfigProblem.Severity severity);
}
