package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/** A change to the machine failed (a write, a command, a service action); the message names the path. */
@API(status = STABLE, since = "0.1.0")
public class HostException extends EksnodeException {
  private static final long serialVersionUID = 1L;

  public HostException(String message, Throwable cause) {
    super(message, cause);
  }

  public HostException(String message) {
    super(message);
  }
}
