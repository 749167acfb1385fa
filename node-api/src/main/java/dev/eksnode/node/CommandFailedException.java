package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.HostException;
import java.util.List;

/**
 * A command ended with a non-zero exit code. The message names the command as it ran (credentials in
 * URLs redacted), the exit code, and what it printed to standard error.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class CommandFailedException extends HostException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> command;
  private final int exitCode;

  /** The failure of {@code command}, which ended as {@code result} says. */
  public CommandFailedException(List<String> command, CommandResult result) {
    super(describe(command, result));
    this.command = List.copyOf(command);
    this.exitCode = result.exitCode();
  }

  /** The command's argument vector. */
  public List<String> command() {
    return command;
  }

  /** How it ended; 127 when the program was not found. */
  public int exitCode() {
    return exitCode;
  }

  private static String describe(List<String> command, CommandResult result) {
    String text = "'" + Commands.text(command) + "'";
    String stderr = Commands.redact(result.stderr().strip());
    if (result.exitCode() == 127) {
      return text + " failed: " + (command.isEmpty() ? "no program" : command.getFirst()) + " is not installed (exit code 127)";
    }
    return text + " failed with exit code " + result.exitCode() + (stderr.isEmpty() ? " and printed no error" : ": " + stderr);
  }
}
