package dev.eksnode.cli.command;

/** Ends a command with an exit code whose explanation is already printed. */
public final class Exit extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  public Exit(int code) {
    super(null, null, false, false);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
