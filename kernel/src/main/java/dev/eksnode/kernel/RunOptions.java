package dev.eksnode.kernel;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * How to run a phase.
 *
 * @param root the directory treated as {@code /}; commands and service actions only execute when it is {@code /}
 * @param dryRun write nothing: changes go to an in-memory overlay and are reported
 * @param environment what steps see through {@code Host.env}
 * @param clock the clock steps see
 */
public record RunOptions(Path root, boolean dryRun, Map<String, String> environment, Clock clock) {
  public RunOptions {
    environment = Map.copyOf(environment);
  }

  /** A real run over {@code root} with the process environment and the system clock. */
  public static RunOptions of(Path root) {
    return new RunOptions(root, false, System.getenv(), Clock.systemUTC());
  }

  public RunOptions withDryRun(boolean dryRun) {
    return new RunOptions(root, dryRun, environment, clock);
  }
}
