package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration value together with where it came from. Tables keep their keys in source order;
 * every leaf keeps its own location, which is what {@code plan --explain} prints.
 */
@API(status = STABLE, since = "0.1.0")
public sealed interface ConfigNode {

  ConfigLocation location();

  /**
   * The value as plain Java: String, Long, Double, Boolean, List or Map (insertion-ordered). YAML and
   * JSON may also give a {@link BigInteger} for an integer above {@code Long.MAX_VALUE} and
   * at most 2^64 - 1 (OCI's unsigned limits), which only free-form tables pass on.
   */
  Object plain();

  /** A table of named values. */
  record Table(Map<String, ConfigNode> entries, ConfigLocation location) implements ConfigNode {
    public Table {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Table empty(ConfigLocation location) {
      return new Table(Map.of(), location);
    }

    @Override
    public Object plain() {
      Map<String, Object> map = new LinkedHashMap<>();
      entries.forEach((key, value) -> map.put(key, value.plain()));
      return Collections.unmodifiableMap(map);
    }
  }

  /** An ordered list of values. */
  record Array(List<ConfigNode> items, ConfigLocation location) implements ConfigNode {
    public Array {
      items = List.copyOf(items);
    }

    @Override
    public Object plain() {
      List<Object> list = new ArrayList<>();
      items.forEach(item -> list.add(item.plain()));
      return Collections.unmodifiableList(list);
    }
  }

  /** A string, integer (Long, or BigInteger above Long.MAX_VALUE), float (Double) or boolean. */
  record Leaf(Object value, ConfigLocation location) implements ConfigNode {
    @Override
    public Object plain() {
      return value;
    }
  }

  /** The name of a value's type as users read it in messages: string, integer, table, ... */
  static String typeName(ConfigNode node) {
    return switch (node) {
      case Table t -> "table";
      case Array a -> "list";
      case Leaf(Object value, ConfigLocation l) ->
          switch (value) {
            case String s -> "string";
            case Long n -> "integer";
            case BigInteger n -> "integer";
            case Double d -> "float";
            case Boolean b -> "boolean";
            default -> value.getClass().getSimpleName();
          };
    };
  }
}
