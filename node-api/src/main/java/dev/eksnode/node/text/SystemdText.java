package dev.eksnode.node.text;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * systemd's syntax, written so that it means what it says: command lines and environment assignments
 * of unit files, lines of an environment file, and unit names made from paths. Every method refuses
 * what systemd cannot take (a line break in a value, a bad variable name, a relative path).
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class SystemdText {

  private SystemdText() {}

  /**
   * A command line for {@code ExecStart=}, one argument per continued line. Arguments with spaces,
   * quotes or backslashes are double-quoted; {@code %} and {@code $} are doubled so systemd expands
   * neither specifiers nor variables.
   */
  public static String commandLine(List<String> command) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < command.size(); i++) {
      out.append(i == 0 ? "" : " \\\n    ").append(argument(command.get(i)));
    }
    return out.toString();
  }

  /** One argument of {@link #commandLine}. */
  public static String argument(String argument) {
    refuseLineBreaks(argument);
    String escaped = argument.replace("%", "%%").replace("$", "$$");
    boolean quote = escaped.isEmpty() || escaped.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == ';');
    if (!quote) {
      return escaped;
    }
    return '"' + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** A unit's {@code Environment=} assignment, quoted, with {@code %} doubled: {@code "NAME=value"}. */
  public static String environment(String name, String value) {
    return quoted(name, value.replace("%", "%%"));
  }

  /**
   * One word of a {@code DefaultEnvironment=} list of {@code system.conf}, quoted: systemd unquotes and
   * C-unescapes each word, and the manager's own configuration knows no specifiers, so {@code %} stays
   * as it is.
   */
  public static String defaultEnvironment(String name, String value) {
    return quoted(name, value);
  }

  /**
   * One line of an environment file ({@code EnvironmentFile=}): {@code NAME="value"} with {@code \},
   * {@code $} and the backtick escaped, so a percent sign, {@code $} or backslash stays literal.
   * Refuses a double quote in the value, which the file's syntax cannot carry through every reader.
   */
  public static String environmentFileLine(String name, String value) {
    checkName(name);
    refuseLineBreaks(value);
    if (value.indexOf('"') >= 0) {
      throw new IllegalArgumentException("a double quote cannot be written into an environment file: " + name);
    }
    return name + "=\"" + value.replace("\\", "\\\\").replace("$", "\\$").replace("`", "\\`") + "\"";
  }

  /**
   * The unit name stem of an absolute path, as {@code systemd-escape --path} makes it: slashes become
   * dashes, the outer ones dropped; bytes outside {@code [A-Za-z0-9:_.]}, and a leading dot, become
   * {@code \xNN}. {@code /} is {@code -}.
   *
   * @throws IllegalArgumentException for a relative path or one with {@code .} or {@code ..} parts
   */
  public static String path(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + path);
    }
    String simplified = path.replaceAll("/+", "/");
    if (simplified.length() > 1 && simplified.endsWith("/")) {
      simplified = simplified.substring(0, simplified.length() - 1);
    }
    if (simplified.equals("/")) {
      return "-";
    }
    for (String part : simplified.substring(1).split("/")) {
      if (part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("not a normalized path: " + path);
      }
    }
    byte[] bytes = simplified.substring(1).getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '/') {
        out.append('-');
      } else if ((b == '.' && i == 0) || !plain(b)) {
        out.append(String.format("\\x%02x", b));
      } else {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  /** The mount unit name for a mount point, e.g. {@code mnt-k8s\x2ddisks-0.mount}. */
  public static String mountUnit(String where) {
    return path(where) + ".mount";
  }

  private static boolean plain(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == ':' || b == '_'
        || b == '.';
  }

  private static String quoted(String name, String value) {
    checkName(name);
    refuseLineBreaks(value);
    return '"' + (name + "=" + value).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void checkName(String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
  }

  private static void refuseLineBreaks(String text) {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a line break cannot be written into a unit file: " + text.replace("\n", "\\n"));
    }
  }
}
