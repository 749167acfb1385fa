package dev.eksnode.cli.command;

/** The exit codes of every eksnode command. */
public final class ExitCode {

  /** Success. */
  public static final int OK = 0;
  /** A step failed (or, for checking commands, what they check failed). */
  public static final int STEP_FAILED = 1;
  /** Bad input or configuration: a usage mistake, a configuration problem. */
  public static final int BAD_INPUT = 2;
  /** A plugin could not be loaded or the step graph is invalid. */
  public static final int PLUGIN_PROBLEM = 3;
  /** A bug in eksnode or in a plugin: an exception nothing expected (sysexits.h {@code EX_SOFTWARE}). */
  public static final int INTERNAL_ERROR = 70;

  /** The line the overview and the docs print. */
  public static final String SUMMARY = "Exit codes: 0 ok, 1 a step failed, 2 bad input or configuration, 3 plugin or graph problem,\n"
      + "70 internal error (a bug in eksnode or a plugin).";

  private ExitCode() {}
}
