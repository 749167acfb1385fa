package dev.eksnode.spi;

/** A change to the machine failed (a write, a command, a service action); the message names the path. */
public class HostException extends EksnodeException {
  private static final long serialVersionUID = 1L;

  public HostException(String message, Throwable cause) {
    super(message, cause);
  }

  public HostException(String message) {
    super(message);
  }
}
