package dev.eksnode.cli.command;

import java.util.Optional;

/** The command line is wrong: a missing value, an unknown option, contradicting flags. Exit code 2. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String command;

  public UsageException(String message) {
    this(message, null);
  }

  /** @param command the name of the command whose usage is wrong, for the hint to its help */
  public UsageException(String message, String command) {
    super(message);
    this.command = command;
  }

  /** The name of the command whose usage is wrong, when known. */
  public Optional<String> command() {
    return Optional.ofNullable(command);
  }
}
