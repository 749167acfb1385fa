package dev.eksnode.kernel.config;

import dev.eksnode.kernel.internal.config.JacksonDocuments;
import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads TOML, eksnode's native configuration format, into located {@link ConfigNode}s. */
@API(status = INTERNAL, since = "0.1.0")
public final class TomlDocuments {

  private TomlDocuments() {}

  /**
   * Parses one TOML document.
   *
   * @param source how messages name the document, e.g. a file path
   * @throws ConfigException with every syntax error, each with its line and column
   */
  public static Table parse(String source, String text) {
    checkNesting(source, text);
    TomlParseResult result;
    try {
      result = Toml.parse(text);
    } catch (StackOverflowError e) {
      throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(source), "",
          "TOML nests deeper than eksnode reads (" + JacksonDocuments.MAX_DEPTH + " levels)", "")));
    } catch (TomlParseError e) {
      // tomlj throws some errors (bad escapes in quoted keys) instead of listing them.
      throw new ConfigException(List.of(new ConfigProblem(at(source, e.position()), "", "TOML syntax: " + clean(e.getMessage()), "")));
    } catch (RuntimeException e) {
      throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(source), "", "TOML syntax: " + clean(e.getMessage()), "")));
    }
    if (result.hasErrors()) {
      List<ConfigProblem> problems = new ArrayList<>();
      result
          .errors()
          .forEach(
              error ->
                  problems.add(
                      new ConfigProblem(
                          at(source, error.position()), "", "TOML syntax: " + clean(error.getMessage()), "")));
      throw new ConfigException(problems);
    }
    Table table = new Reader(source, text.split("\n", -1)).table(result, new ConfigLocation(source, 1, 1));
    ConfigNode deepest = deepest(table, 0);
    if (deepest != null) {
      throw new ConfigException(List.of(new ConfigProblem(deepest.location(), "",
          "TOML nests deeper than eksnode reads (" + JacksonDocuments.MAX_DEPTH + " levels of tables, dotted keys and arrays)", "")));
    }
    return table;
  }

  /** A node nested more than {@link JacksonDocuments#MAX_DEPTH} deep (dotted keys and headers count), or null. */
  private static ConfigNode deepest(ConfigNode node, int depth) {
    if (depth > JacksonDocuments.MAX_DEPTH) {
      return node;
    }
    List<ConfigNode> children = switch (node) {
      case Table table -> List.copyOf(table.entries().values());
      case Array array -> array.items();
      case Leaf leaf -> List.of();
    };
    for (ConfigNode child : children) {
      ConfigNode found = deepest(child, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * Refuses brackets and braces nested deeper than {@link JacksonDocuments#MAX_DEPTH} before the parser
   * sees them: the parser recurses once per level. Strings and comments are skipped; the count errs on
   * the side of the input (a table header's bracket counts while it is open).
   */
  static void checkNesting(String source, String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '#' -> {
          int end = text.indexOf('\n', i);
          i = end < 0 ? text.length() : end;
        }
        case '"', '\'' -> {
          String close = text.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3) : String.valueOf(c);
          int j = i + close.length();
          while (j < text.length() && !text.startsWith(close, j) && (close.length() == 3 || text.charAt(j) != '\n')) {
            j += c == '"' && text.charAt(j) == '\\' ? 2 : 1;
          }
          i = Math.min(text.length(), j + close.length()) - 1;
        }
        case '[', '{' -> {
          if (++depth > JacksonDocuments.MAX_DEPTH) {
            int line = 1 + (int) text.substring(0, i).chars().filter(ch -> ch == '\n').count();
            int column = i - text.lastIndexOf('\n', i - 1);
            throw new ConfigException(List.of(new ConfigProblem(new ConfigLocation(source, line, column), "",
                "TOML nests deeper than eksnode reads (" + JacksonDocuments.MAX_DEPTH + " levels of arrays and inline tables)", "")));
          }
        }
        case ']', '}' -> depth = Math.max(0, depth - 1);
        default -> { }
      }
    }
  }

  /** Builds located nodes; knows the text to correct tomlj's positions of array items. */
  private record Reader(String source, String[] lines) {

    Table table(TomlTable toml, ConfigLocation location) {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      for (String key : toml.keySet()) {
        List<String> path = List.of(key);
        ConfigLocation at = at(source, toml.inputPositionOf(path));
        entries.put(key, node(toml.get(path), at));
      }
      return new Table(entries, location);
    }

    ConfigNode node(Object value, ConfigLocation at) {
      return switch (value) {
        case TomlTable nested -> table(nested, at);
        case TomlArray array -> {
          List<ConfigNode> items = new ArrayList<>();
          for (int i = 0; i < array.size(); i++) {
            TomlPosition position = array.inputPositionOf(i);
            items.add(node(array.get(i), position == null ? at : item(position)));
          }
          yield new Array(items, at);
        }
        default -> leaf(value, at);
      };
    }

    /**
     * tomlj places an array item where the previous one ended (after its comma); the item itself is
     * the next token: skip blanks, commas, line breaks and comments.
     */
    ConfigLocation item(TomlPosition position) {
      int line = position.line();
      int column = position.column();
      while (line >= 1 && line <= lines.length) {
        String text = lines[line - 1];
        while (column <= text.length()) {
          char c = text.charAt(column - 1);
          if (c == '#') {
            column = text.length() + 1;
          } else if (c == ' ' || c == '\t' || c == ',' || c == '\r') {
            column++;
          } else {
            return new ConfigLocation(source, line, column);
          }
        }
        line++;
        column = 1;
      }
      return at(source, position);
    }
  }

  private static ConfigNode leaf(Object value, ConfigLocation at) {
    return switch (value) {
      case String s -> new Leaf(s, at);
      case Long n -> new Leaf(n, at);
      case Double d -> new Leaf(d, at);
      case Boolean b -> new Leaf(b, at);
      // Dates and times: eksnode has no such settings; keep the text so a binder can say so.
      default -> new Leaf(value.toString(), at);
    };
  }

  /** tomlj's messages may end in their own position, which the location already gives. */
  private static String clean(String message) {
    return message == null ? "unreadable" : message.replaceFirst(" \\(line \\d+, column \\d+\\)$", "");
  }

  private static ConfigLocation at(String source, TomlPosition position) {
    return position == null
        ? ConfigLocation.of(source)
        : new ConfigLocation(source, position.line(), position.column());
  }
}
