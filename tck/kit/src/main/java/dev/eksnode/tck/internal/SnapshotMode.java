package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

/**
 * Whether this test run updates snapshots instead of comparing with them: only when the system
 * property {@value #PROPERTY} is {@code true}, and never when the environment variable {@code CI} is
 * set, so a build server cannot accept a result nobody reviewed.
 *
 * @param update whether snapshots are written
 * @param ci the value of {@code CI}, or null
 */
public record SnapshotMode(boolean update, String ci) {

  /** The system property that asks for an update. */
  public static final String PROPERTY = "eksnode.tck.update";

  /** How a message tells a user to update. */
  public static final String HOW = "-D" + PROPERTY + "=true (e.g. ./mvnw verify -D" + PROPERTY + "=true)";

  /** From the system properties and environment of this JVM. */
  public static SnapshotMode fromSystem() {
    return of(Boolean.getBoolean(PROPERTY), System.getenv());
  }

  public static SnapshotMode of(boolean update, Map<String, String> environment) {
    return new SnapshotMode(update, environment.get("CI"));
  }

  /** Fails when asked to update on a build server. */
  public void refuseInCi(String where) {
    if (update && ci != null && !ci.isEmpty()) {
      fail(where + ": refusing to update snapshots because CI is set (CI=" + ci + "); update them on a workstation"
          + " with " + HOW + ", review the change and commit it");
    }
  }
}
