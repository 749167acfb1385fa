package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;

/**
 * Hears about every change a step is about to make to the tree: the fault-injection point of the
 * conformance kit.
 *
 * <p>The host calls {@link #beforeChange} once it knows a write, delete or directory creation will
 * change something (a write of identical content and mode is not a change), before touching the disk
 * or the dry-run overlay. Throwing stops that change: the step fails with the exception's message,
 * exactly as on a disk error. Throwing from the (n+1)-th call and every later one therefore leaves
 * the tree as a crash right after the n-th change would, which is how the kit checks that a plugin's
 * files are never left half-written. The kernel's own run report is not a step change and is not
 * observed. Called from step threads, possibly concurrently.
 */
@FunctionalInterface
@API(status = STABLE, since = "0.1.0")
public interface ChangeObserver {

  /**
   * Called before a step changes {@code path}.
   *
   * @param path the node path about to be written, deleted or created, e.g. {@code /etc/acme/agent.conf}
   */
  void beforeChange(String path);

  /**
   * Called before a step's service action, whether or not the host performs it (under a root other
   * than {@code /} actions are only recorded): the crash tests kill a run here too, between writing a
   * unit and reloading systemd. Throwing stops the action like a failed {@code systemctl}. Does
   * nothing unless overridden.
   *
   * @param action as the run report records it, e.g. {@code systemctl daemon-reload} or {@code
   *     systemctl restart kubelet.service}
   */
  default void beforeAction(String action) {}

  /** An observer that lets every change through. */
  ChangeObserver NONE = path -> {};
}
