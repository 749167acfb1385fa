package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Optional;

/**
 * Everything a step may touch and nothing else: its plugin's configuration, facts published by earlier
 * steps, shared documents, and the {@link Host}. One context per step; safe to use from the step's
 * own thread.
 */
@API(status = STABLE, since = "0.1.0")
public interface StepContext {

  /** The id of the step this context belongs to. */
  String stepId();

  /** The phase being run. */
  Phase phase();

  /** The machine, or the directory tree standing in for it. */
  Host host();

  /** The object the step's plugin returned from {@link Plugin#bindConfig}, cast to {@code type}. */
  <T> T config(Class<T> type);

  /**
   * A fact published earlier in this run, if any. The step must declare the fact in {@link
   * Step#reads()}, {@link Step#readsIfPresent()} or {@link Step#publishes()}; reading one it did not
   * declare throws an {@link EksnodeException} naming the step, the fact and its publisher, and fails
   * the step even if it catches the exception.
   */
  <T> Optional<T> fact(FactKey<T> key);

  /**
   * A fact that must be there; throws an {@link EksnodeException} naming the key when it is not (its
   * publisher skipped without publishing it).
   */
  default <T> T requireFact(FactKey<T> key) {
    return fact(key)
        .orElseThrow(
            () ->
                new EksnodeException(
                    stepId() + " needs fact '" + key.name() + "', which no earlier step published"));
  }

  /**
   * Publishes a fact for later steps; a key can be published once per run, by the step that declares
   * it in {@link Step#publishes()}.
   */
  <T> void publish(FactKey<T> key, T value);

  /**
   * Adds to a shared document. The step must declare the document in {@link Step#contributesTo()},
   * which orders it before the document's renderer.
   */
  <T> void contribute(DocumentKey<T> key, T value);

  /**
   * Every contribution to a document, in step order (not completion order), so rendering is
   * deterministic. Only the step that declares the document in {@link Step#renders()} may read them.
   */
  <T> List<Contribution<T>> contributions(DocumentKey<T> key);
}
