package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Set;

/**
 * One unit of work in a phase: it reads the context, changes the machine through the {@link Host} and
 * reports an {@link Outcome}.
 *
 * <p>Ordering contract: a step declares what it reads, publishes, contributes to and renders, and the
 * kernel orders the phase from that: the publisher of a fact before its readers, every contributor to
 * a document before its renderer. A fact in {@link #reads()} must be published by a step of the phase,
 * which must succeed, or this step does not run; one in {@link #readsIfPresent()} only orders this step
 * after its publisher when there is one. A document in {@link #contributesTo()} must be rendered by a
 * step of the phase. No two steps of a phase publish one fact or render one document. For order that
 * is not data, every id in {@link #requires()} must exist in the same phase, run first and succeed, and
 * ids in {@link #after()} and {@link #before()} only order steps that are present; name only steps of
 * your own plugin there. Steps with no path between them may run concurrently, so {@link #apply} must be
 * safe to run beside any step it is not ordered against.
 */
@API(status = STABLE, since = "0.1.0")
public interface Step {

  /** {@code <plugin-id>/<kebab-name>}, e.g. {@code acme/agent-config}. Unique across all plugins. */
  String id();

  /** The phase this step belongs to. */
  Phase phase();

  /**
   * Facts this step cannot do without. A step of the phase must publish each; it runs first and must
   * succeed, or this step is blocked. {@link StepContext#fact} refuses a fact not declared here, in
   * {@link #readsIfPresent()} or in {@link #publishes()}.
   */
  default Set<FactKey<?>> reads() {
    return Set.of();
  }

  /**
   * Facts this step reads when they are there (a plugin that may be off publishes them). When a step of
   * the phase publishes one, this step runs after it, whatever became of it.
   */
  default Set<FactKey<?>> readsIfPresent() {
    return Set.of();
  }

  /** Facts this step publishes; no other step of the phase may publish them. */
  default Set<FactKey<?>> publishes() {
    return Set.of();
  }

  /**
   * Documents this step contributes to. A step of the phase must render each, and runs after this
   * one.
   */
  default Set<DocumentKey<?>> contributesTo() {
    return Set.of();
  }

  /**
   * Documents this step renders: it runs after every step that contributes to them, and reads their
   * contributions with {@link StepContext#contributions}. No other step of the phase renders them.
   */
  default Set<DocumentKey<?>> renders() {
    return Set.of();
  }

  /** Steps that must run first and succeed. */
  default Set<String> requires() {
    return Set.of();
  }

  /** Steps that, when present, run before this one. */
  default Set<String> after() {
    return Set.of();
  }

  /** Steps that, when present, run after this one. */
  default Set<String> before() {
    return Set.of();
  }

  /**
   * Does the work. Return {@link Outcome#done()} when the step ran: the kernel reports it as applied
   * with the changes the host recorded, or as unchanged when the host recorded none. Return {@link
   * Outcome#skipped(String)} when the step does not apply to this machine. Throwing fails the step.
   */
  Outcome apply(StepContext context) throws Exception;
}
