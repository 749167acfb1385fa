package dev.eksnode.kernel.config;

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
    TomlParseResult result;
    try {
      result = Toml.parse(text);
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
    return new Reader(source, text.split("\n", -1)).table(result, new ConfigLocation(source, 1, 1));
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
