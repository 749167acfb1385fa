package dev.eksnode.kernel.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A command's argument vector as one line of text for the run report, from which the vector can be
 * read back exactly: an argument of plain characters as it is, any other in POSIX single quotes ({@code
 * '} written {@code '\''}), and one holding a control character in {@code $'...'} with C escapes. The
 * text is for people and tests; eksnode never hands it to a shell.
 */
final class CommandText {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private CommandText() {}

  static String of(List<String> command) {
    StringBuilder out = new StringBuilder();
    for (String argument : command) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(argument(argument));
    }
    return out.toString();
  }

  static String argument(String argument) {
    if (PLAIN.matcher(argument).matches()) {
      return argument;
    }
    if (argument.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
      return "'" + argument.replace("'", "'\\''") + "'";
    }
    StringBuilder out = new StringBuilder("$'");
    for (char c : argument.toCharArray()) {
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }
}
