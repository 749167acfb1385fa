package dev.eksnode.spi;

/** The root of eksnode's exceptions: something failed, and the message says what and where. */
public class EksnodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EksnodeException(String message) {
    super(message);
  }

  public EksnodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
