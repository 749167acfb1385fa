package dev.eksnode.spi;

import java.util.Set;

/**
 * One unit of work in a phase: it reads the context, changes the machine through the {@link Host} and
 * reports an {@link Outcome}.
 *
 * <p>Ordering contract: every id in {@link #requires()} must exist in the same phase, run first and
 * succeed, or this step does not run. Ids in {@link #after()} and {@link #before()} only order steps
 * that are present; a missing one is ignored. Steps with no path between them may run concurrently,
 * so {@link #apply} must be safe to run beside any step it is not ordered against. Stable API.
 */
public interface Step {

  /** {@code <plugin-id>/<kebab-name>}, e.g. {@code core/cluster-ca}. Unique across all plugins. */
  String id();

  /** The phase this step belongs to. */
  Phase phase();

  /**
   * Whether this step only gathers facts and checks: it reads the configuration, facts and the machine,
   * may publish facts, and changes nothing. The kernel runs every such step of the phase before any other
   * step, on a host that refuses writes, commands and service actions ({@link Host#probe} is allowed).
   * The configuration problems the checks report ({@link StepContext#configProblem}, or a thrown {@link
   * ConfigException}) are reported together; when one is an error no other step runs, nothing is written
   * and the run exits 2. A checking step may only run after other checking steps.
   */
  default boolean checksOnly() {
    return false;
  }

  /**
   * Whether this checking step needs nothing but the configuration (no instance metadata, no probe of
   * the machine), so {@code eksnode validate} runs it offline; validate names the other checks as ones it
   * cannot make. Only meaningful when {@link #checksOnly()}.
   */
  default boolean checksOffline() {
    return false;
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
