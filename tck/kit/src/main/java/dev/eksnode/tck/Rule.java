package dev.eksnode.tck;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;

/**
 * The rules the conformance kit checks; each is the last part of a test's name ({@code acme / gpu /
 * idempotent}).
 */
@API(status = STABLE, since = "0.1.0")
public enum Rule {
  /** The root afterwards and the commands and service actions match the case's snapshot. */
  GOLDEN("golden"),
  /** A second run over the result changes no file and restarts nothing. */
  IDEMPOTENT("idempotent"),
  /** Two runs in fresh roots leave identical trees and take the same actions. */
  DETERMINISTIC("deterministic"),
  /**
   * Nothing is written outside the root, nothing bypasses the host, nothing lands outside the paths
   * its plugin owns, and no connection goes anywhere but the loopback emulators.
   */
  CONTAINED("contained"),
  /** A crash after any change leaves every file as it was or as it should be, never half-written. */
  ATOMIC("atomic"),
  /**
   * Step ids carry the plugin id, dependencies and data flow resolve, {@code requires}, {@code after}
   * and {@code before} name only the plugin's own steps, every step runs to an outcome, image-phase
   * steps declare no read of a boot-only fact, owned paths are absolute globs, eksnode can instantiate
   * the plugin.
   */
  WELL_FORMED("well-formed"),
  /**
   * The plugin rejects bad configuration with messages that give the line, and binds the keys it
   * documents ({@code configKeys()}) the way it documents them.
   */
  CONFIG("config");

  private final String label;

  Rule(String label) {
    this.label = label;
  }

  /** The rule's name in test names and messages. */
  public String label() {
    return label;
  }
}
