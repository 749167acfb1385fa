package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/** The root of eksnode's exceptions: something failed, and the message says what and where. */
@API(status = STABLE, since = "0.1.0")
public class EksnodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EksnodeException(String message) {
    super(message);
  }

  public EksnodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
