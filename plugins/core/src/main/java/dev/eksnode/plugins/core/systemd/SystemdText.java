package dev.eksnode.plugins.core.systemd;

import java.util.List;

/** Quoting for systemd unit files: command lines and environment assignments that mean what they say. */
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

  static String argument(String argument) {
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
   * A {@code DefaultEnvironment=} assignment of {@code system.conf}, quoted. The manager's own
   * configuration knows no specifiers, so {@code %} stays as it is.
   */
  public static String defaultEnvironment(String name, String value) {
    return quoted(name, value);
  }

  private static String quoted(String name, String value) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
    refuseLineBreaks(value);
    return '"' + (name + "=" + value).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static void refuseLineBreaks(String text) {
    if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a line break cannot be written into a unit file: " + text.replace("\n", "\\n"));
    }
  }
}
