package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A {@link ConfigSection} over a located table. Problems go to a shared list so the kernel can report
 * every plugin's findings together. {@code visible} limits which top-level keys a plugin can see.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class SectionView implements ConfigSection {

  private final String path;
  private final Table table;
  private final boolean present;
  private final List<ConfigProblem> problems;
  private final Predicate<String> visible;
  private final ConfigProblem.Severity unknownKeys;

  private SectionView(
      String path, Table table, boolean present, List<ConfigProblem> problems, Predicate<String> visible,
      ConfigProblem.Severity unknownKeys) {
    this.path = path;
    this.table = table;
    this.present = present;
    this.problems = problems;
    this.visible = visible;
    this.unknownKeys = unknownKeys;
  }

  /** A view of the whole configuration limited to the keys {@code visible} accepts (full dotted paths). */
  public static SectionView root(Table root, List<ConfigProblem> problems, Predicate<String> visible) {
    return root(root, problems, visible, false);
  }

  /**
   * A view of the whole configuration limited to the keys {@code visible} accepts.
   *
   * @param lenient report unknown keys as warnings instead of errors
   */
  public static SectionView root(
      Table root, List<ConfigProblem> problems, Predicate<String> visible, boolean lenient) {
    return new SectionView(
        "", root, true, problems, visible, lenient ? ConfigProblem.Severity.WARNING : ConfigProblem.Severity.ERROR);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public boolean present() {
    return present && !keys().isEmpty();
  }

  @Override
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    for (String key : table.entries().keySet()) {
      if (visible.test(qualify(ConfigSection.literal(key)))) {
        keys.add(key);
      }
    }
    return Collections.unmodifiableSet(keys);
  }

  private String qualify(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private Optional<ConfigNode> node(String key) {
    ConfigNode current = table;
    String walked = path;
    for (KeyPath.Segment segment : KeyPath.parse(key).segments()) {
      String name = ConfigSection.literal(segment.name());
      walked = walked.isEmpty() ? name : walked + "." + name;
      if (!(current instanceof Table t) || !t.entries().containsKey(segment.name())) {
        return Optional.empty();
      }
      current = t.entries().get(segment.name());
      if (!visible.test(walked)) {
        return Optional.empty();
      }
      if (segment.index() >= 0) {
        if (!(current instanceof Array array) || segment.index() >= array.items().size()) {
          return Optional.empty();
        }
        current = array.items().get(segment.index());
      }
    }
    return Optional.of(current);
  }

  @Override
  public Optional<Object> value(String key) {
    return node(key).map(ConfigNode::plain);
  }

  @Override
  public Optional<String> string(String key) {
    return typed(key, String.class, "a string");
  }

  @Override
  public Optional<Long> integer(String key) {
    return typed(key, Long.class, "an integer");
  }

  @Override
  public Optional<Boolean> bool(String key) {
    return typed(key, Boolean.class, "true or false");
  }

  private <T> Optional<T> typed(String key, Class<T> type, String expected) {
    Optional<ConfigNode> found = node(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.get() instanceof Leaf leaf && type.isInstance(leaf.value())) {
      return Optional.of(type.cast(leaf.value()));
    }
    if (type == Long.class && found.get() instanceof Leaf leaf && leaf.value() instanceof BigInteger big) {
      problems.add(new ConfigProblem(found.get().location(), qualify(key),
          "integer " + big + " is out of range", "at most " + Long.MAX_VALUE));
      return Optional.empty();
    }
    wrongType(key, found.get(), expected);
    return Optional.empty();
  }

  private void wrongType(String key, ConfigNode node, String expected) {
    problems.add(new ConfigProblem(node.location(), qualify(key), "expected " + expected + ", found " + describe(node), ""));
  }

  /** A value as messages show it: {@code string "x"}, {@code integer 3}, {@code table}. */
  static String describe(ConfigNode node) {
    if (node instanceof Leaf leaf && leaf.value() instanceof String s) {
      return "string \"" + s + "\"";
    }
    return node instanceof Leaf leaf ? ConfigNode.typeName(node) + " " + leaf.value() : ConfigNode.typeName(node);
  }

  @Override
  public Optional<List<String>> strings(String key) {
    Optional<ConfigNode> found = node(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (!(found.get() instanceof Array array)) {
      wrongType(key, found.get(), "a list of strings");
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < array.items().size(); i++) {
      ConfigNode item = array.items().get(i);
      if (item instanceof Leaf leaf && leaf.value() instanceof String s) {
        values.add(s);
      } else {
        wrongType(key + "[" + i + "]", item, "a string");
        ok = false;
      }
    }
    return ok ? Optional.of(List.copyOf(values)) : Optional.empty();
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> table(String key) {
    Optional<ConfigNode> found = node(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (!(found.get() instanceof Table t)) {
      wrongType(key, found.get(), "a table");
      return Optional.empty();
    }
    return Optional.of((Map<String, Object>) t.plain());
  }

  @Override
  public ConfigSection section(String key) {
    Optional<ConfigNode> found = node(key);
    String full = qualify(key);
    if (found.isPresent() && found.get() instanceof Table t) {
      return new SectionView(full, t, true, problems, visible, unknownKeys);
    }
    if (found.isPresent()) {
      wrongType(key, found.get(), "a table");
    }
    return new SectionView(full, Table.empty(location(key)), false, problems, visible, unknownKeys);
  }

  @Override
  public ConfigLocation location(String key) {
    return node(key).map(ConfigNode::location).orElse(table.location());
  }

  @Override
  public void problem(String key, String message) {
    problem(key, message, "");
  }

  @Override
  public void problem(String key, String message, String suggestion) {
    problems.add(new ConfigProblem(location(key), qualify(key), message, suggestion));
  }

  @Override
  public void allowOnly(Set<String> known) {
    // plugins.<id>.enabled belongs to the kernel, which checks it; a plugin need not list it.
    boolean pluginSection = path.startsWith("plugins.") && path.indexOf('.', "plugins.".length()) < 0;
    for (String key : keys()) {
      if (!known.contains(key) && !(pluginSection && key.equals("enabled"))) {
        String suggestion =
            Suggestions.closest(key, known).map(s -> "did you mean '" + s + "'?").orElse(
                known.isEmpty() ? "this section takes no keys" : "known keys: " + String.join(", ", new TreeSet<>(known)));
        String literal = ConfigSection.literal(key);
        problems.add(new ConfigProblem(location(literal), qualify(literal), "unknown key", suggestion, unknownKeys));
      }
    }
  }
}
