package dev.eksnode.kernel.config;

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
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads TOML, eksnode's native configuration format, into located {@link ConfigNode}s. */
public final class TomlDocuments {

  private TomlDocuments() {}

  /**
   * Parses one TOML document.
   *
   * @param source how messages name the document, e.g. a file path
   * @throws ConfigException with every syntax error, each with its line and column
   */
  public static Table parse(String source, String text) {
    TomlParseResult result = Toml.parse(text);
    if (result.hasErrors()) {
      List<ConfigProblem> problems = new ArrayList<>();
      result
          .errors()
          .forEach(
              error ->
                  problems.add(
                      new ConfigProblem(
                          at(source, error.position()), "", "TOML syntax: " + error.getMessage(), "")));
      throw new ConfigException(problems);
    }
    return table(source, result, new ConfigLocation(source, 1, 1));
  }

  private static Table table(String source, TomlTable toml, ConfigLocation location) {
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    for (String key : toml.keySet()) {
      List<String> path = List.of(key);
      ConfigLocation at = at(source, toml.inputPositionOf(path));
      entries.put(key, node(source, toml.get(path), at));
    }
    return new Table(entries, location);
  }

  private static ConfigNode node(String source, Object value, ConfigLocation at) {
    return switch (value) {
      case TomlTable nested -> table(source, nested, at);
      case TomlArray array -> {
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
          TomlPosition position = array.inputPositionOf(i);
          items.add(node(source, array.get(i), position == null ? at : at(source, position)));
        }
        yield new Array(items, at);
      }
      case String s -> new Leaf(s, at);
      case Long n -> new Leaf(n, at);
      case Double d -> new Leaf(d, at);
      case Boolean b -> new Leaf(b, at);
      // Dates and times: eksnode has no such settings; keep the text so a binder can say so.
      default -> new Leaf(value.toString(), at);
    };
  }

  private static ConfigLocation at(String source, TomlPosition position) {
    return position == null
        ? ConfigLocation.of(source)
        : new ConfigLocation(source, position.line(), position.column());
  }
}
