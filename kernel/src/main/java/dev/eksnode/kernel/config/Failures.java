package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.util.ServiceConfigurationError;

/**
 * Tells users about an unexpected failure (a parser's, a plugin's) in plain words: the failure's own
 * message when it has one, else what kind of failure it was. Never a Java class name or a stack trace:
 * those go to the debug log. Used by the configuration readers here and by the kernel around plugin code.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Failures {

  private Failures() {}

  /**
   * One line saying what went wrong, e.g. {@code ran out of stack (a recursion too deep)} or a
   * plugin exception's message.
   */
  public static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Throwable cause = failure;
    for (int depth = 0; depth < 8 && wrapper(cause) && cause.getCause() != null && cause.getCause() != cause; depth++) {
      String context = context(cause);
      if (context != null) {
        text.append(context).append(": ");
      }
      cause = cause.getCause();
    }
    return text.append(ownWords(cause)).toString();
  }

  /** Failures that only carry another: their cause says what happened. */
  private static boolean wrapper(Throwable failure) {
    return failure instanceof ExceptionInInitializerError || failure instanceof ServiceConfigurationError
        || failure instanceof java.util.concurrent.CompletionException
        || failure instanceof java.util.concurrent.ExecutionException
        || failure instanceof java.lang.reflect.InvocationTargetException;
  }

  /** What a wrapper adds to its cause, if anything. */
  private static String context(Throwable wrapper) {
    return switch (wrapper) {
      case ExceptionInInitializerError init -> "its class initialization failed";
      case ServiceConfigurationError service -> "its plugin class could not be made";
      default -> null;
    };
  }

  private static String ownWords(Throwable failure) {
    return switch (failure) {
      case StackOverflowError overflow -> "ran out of stack (a recursion too deep)";
      case OutOfMemoryError memory -> "ran out of memory";
      case ExceptionInInitializerError init -> "its class initialization failed";
      case ServiceConfigurationError service ->
          "its META-INF/services entry names a class that cannot be loaded or made ("
              + plain(service.getMessage()).replaceFirst("^dev\\.eksnode\\.spi\\.Plugin: ", "") + ")";
      case NoClassDefFoundError missing -> "needs a class that is not there (" + plain(missing.getMessage()) + ")";
      case ClassNotFoundException missing -> "needs a class that is not there (" + plain(missing.getMessage()) + ")";
      case LinkageError linkage -> "does not link against this eksnode (" + plain(linkage.getMessage()) + ")";
      case NullPointerException npe -> "used a missing (null) value";
      case AssertionError assertion -> "an assertion failed" + (assertion.getMessage() == null ? "" : ": " + plain(assertion.getMessage()));
      case ClassCastException cast -> "used a value of the wrong type";
      case ArithmeticException arithmetic -> "an arithmetic error (" + plain(arithmetic.getMessage()) + ")";
      case IndexOutOfBoundsException index -> "read past the end of a list or text (" + plain(index.getMessage()) + ")";
      case VirtualMachineError machine -> "the Java runtime failed";
      default -> failure.getMessage() == null || failure.getMessage().isBlank() ? kind(failure) : plain(failure.getMessage());
    };
  }

  private static String kind(Throwable failure) {
    return failure instanceof Error ? "failed with an internal error" : "failed without saying why";
  }

  /**
   * Text as a terminal or a journal may show it: every control character (C0 and C1, DEL, a newline
   * included) and every character that reorders or hides text (bidirectional overrides and isolates,
   * line and paragraph separators) written as an escape, {@code \x1b} or {@code \u202e}, so that a
   * value quoted from hostile input cannot move the cursor, clear the screen or make a message read
   * differently from what it says.
   */
  public static String printable(String text) {
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hidden = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0x200e || c == 0x200f || c == 0x061c;
      if (hidden && shown == null) {
        shown = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (shown != null) {
        if (!hidden) {
          shown.append(c);
        } else if (c <= 0xff) {
          shown.append(String.format("\\x%02x", (int) c));
        } else {
          shown.append(String.format("\\u%04x", (int) c));
        }
      }
    }
    return shown == null ? text : shown.toString();
  }

  /** A message on one printable line, without Java exception names a library may have put in front of it. */
  static String plain(String message) {
    if (message == null) {
      return "no detail";
    }
    String line = message.replaceAll("\\s*\\R\\s*", " ").strip();
    return printable(line.replaceAll("\\b(java|javax|jdk|sun)\\.[A-Za-z0-9_.$]*(Exception|Error)(: )?", "").strip());
  }
}
