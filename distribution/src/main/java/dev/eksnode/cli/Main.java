package dev.eksnode.cli;

import dev.eksnode.cli.command.ExitCode;
import dev.eksnode.kernel.config.Failures;

/** The {@code eksnode} process: sets up logging, runs the command, exits with its code. */
public final class Main {

  /** Loggers that print credentials at debug level; never below info. */
  static final java.util.List<String> SECRET_LOGGERS = java.util.List.of(
      "software.amazon.awssdk.http.auth.aws.internal.signer", "software.amazon.awssdk.auth.signer");

  private Main() {}

  public static void main(String[] args) {
    boolean debug = "1".equals(System.getenv("EKSNODE_DEBUG"));
    for (String arg : args) {
      debug |= arg.equals("--debug");
    }
    // slf4j-simple reads these once, when the first logger is created: set them before anything logs.
    // Time as milliseconds since start: a date format would load locale data on every run, and
    // journald stamps each line anyway.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    // At debug the AWS SDK's SigV4 signers log the canonical request, whose headers include the session
    // token (X-Amz-Security-Token): they stay at info even with --debug (SecretsIT checks every line).
    for (String signer : SECRET_LOGGERS) {
      System.setProperty("org.slf4j.simpleLogger.log." + signer, "info");
    }
    // Log lines (the AWS SDK's included) go to System.err: redacted like everything the commands print.
    System.setOut(Cli.redacting(System.out));
    System.setErr(Cli.redacting(System.err));
    ExitGuard.install(System.err);
    int code;
    try {
      code = new Cli(System.out, System.err, System.getenv()).run(args);
    } catch (RuntimeException | Error e) {
      // What no command handled (a failure in plugin code outside a step, say) is one line, never a stack trace.
      org.slf4j.LoggerFactory.getLogger(Main.class).debug("unhandled failure", e);
      System.err.println("eksnode: " + Failures.describe(e)
          + (e instanceof OutOfMemoryError ? " (the heap is capped by the launcher; see EKSNODE_JAVA_OPTS)" : ""));
      code = ExitCode.INTERNAL_ERROR;
    }
    System.out.flush();
    ExitGuard.exit(code);
  }
}
