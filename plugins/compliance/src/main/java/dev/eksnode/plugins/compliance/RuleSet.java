package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Every rule, profile and benchmark of a rules file, and how profiles select rules. The built-in set is
 * {@code rules.toml} beside this class; tests load their own.
 */
final class RuleSet {

  static final String RESOURCE = "rules.toml";

  private final Map<String, String> benchmarks;
  private final Map<String, Profile> profiles;
  private final Map<String, String> paths;
  private final List<Rule> rules;

  private RuleSet(Map<String, String> benchmarks, Map<String, Profile> profiles, Map<String, String> paths, List<Rule> rules) {
    this.benchmarks = benchmarks;
    this.profiles = profiles;
    this.paths = paths;
    this.rules = rules;
  }

  private static volatile RuleSet builtIn;

  /** The rules that ship with the plugin. */
  static RuleSet builtIn() {
    RuleSet set = builtIn;
    if (set == null) {
      try (InputStream in = RuleSet.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new EksnodeException("the compliance plugin jar is missing " + RESOURCE);
        }
        set = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
      } catch (IOException e) {
        throw new EksnodeException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
      }
      builtIn = set;
    }
    return set;
  }

  /**
   * Parses a rules file.
   *
   * @throws EksnodeException listing every problem with its line
   */
  static RuleSet parse(String text, String source) {
    TomlParseResult toml = Toml.parse(text);
    List<String> problems = new ArrayList<>();
    toml.errors().forEach(e -> problems.add(source + ": " + e.toString()));
    if (!problems.isEmpty()) {
      throw new EksnodeException("invalid rules file:\n  " + String.join("\n  ", problems));
    }
    Map<String, String> benchmarks = new LinkedHashMap<>();
    TomlTable benchmarkTable = toml.getTable("benchmarks");
    if (benchmarkTable != null) {
      for (String key : benchmarkTable.keySet()) {
        benchmarks.put(key, String.valueOf(benchmarkTable.get(List.of(key))));
      }
    }
    Map<String, Profile> profiles = new LinkedHashMap<>();
    TomlTable profileTable = toml.getTable("profiles");
    if (profileTable != null) {
      for (String name : profileTable.keySet()) {
        TomlTable p = profileTable.getTable(List.of(name));
        List<String> includes = new ArrayList<>();
        TomlArray array = p.getArray("includes");
        if (array != null) {
          for (int i = 0; i < array.size(); i++) {
            includes.add(array.getString(i));
          }
        }
        profiles.put(name, new Profile(name, p.getString("description", () -> ""), includes,
            p.getBoolean("enforce-kubelet", () -> false)));
      }
    }
    profiles.values().forEach(p -> p.includes().stream()
        .filter(i -> !profiles.containsKey(i))
        .forEach(i -> problems.add(source + ": profile '" + p.name() + "' includes unknown profile '" + i + "'")));
    Map<String, String> paths = new TreeMap<>();
    TomlTable pathTable = toml.getTable("paths");
    if (pathTable != null) {
      pathTable.keySet().forEach(k -> paths.put(k, String.valueOf(pathTable.get(List.of(k)))));
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    TomlArray ruleArray = toml.getArray("rule");
    for (int i = 0; ruleArray != null && i < ruleArray.size(); i++) {
      TomlTable table = ruleArray.getTable(i);
      String where = source + ", line " + position(table);
      try {
        Rule rule = rule(table, where);
        if (!ids.add(rule.id())) {
          problems.add(where + ": duplicate rule id '" + rule.id() + "'");
        }
        if (!benchmarks.containsKey(rule.benchmark())) {
          problems.add(where + ": rule " + rule.id() + ": unknown benchmark '" + rule.benchmark() + "'");
        }
        rule.profiles().stream().filter(p -> !profiles.containsKey(p))
            .forEach(p -> problems.add(where + ": rule " + rule.id() + ": unknown profile '" + p + "'"));
        rules.add(rule);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new EksnodeException("invalid rules file:\n  " + String.join("\n  ", problems));
    }
    return new RuleSet(benchmarks, profiles, paths, List.copyOf(rules));
  }

  private static int position(TomlTable table) {
    for (String key : table.keySet()) {
      TomlPosition position = table.inputPositionOf(List.of(key));
      if (position != null) {
        return position.line();
      }
    }
    return 0;
  }

  private static Rule rule(TomlTable t, String where) {
    String id = required(t, "id");
    String kind = required(t, "kind");
    List<String> profiles = new ArrayList<>();
    TomlArray array = t.getArray("profiles");
    if (array == null || array.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + ": needs profiles");
    }
    for (int i = 0; i < array.size(); i++) {
      profiles.add(array.getString(i));
    }
    String phaseWord = t.getString("phase", () -> "image");
    Phase phase = switch (phaseWord) {
      case "image" -> Phase.IMAGE;
      case "boot" -> Phase.BOOT;
      default -> throw new IllegalArgumentException("rule " + id + ": phase is image or boot, not '" + phaseWord + "'");
    };
    Control control = control(t, id, kind);
    return new Rule(id, required(t, "title"), required(t, "benchmark"), profiles, phase,
        Optional.ofNullable(t.getString("exception")), control);
  }

  private static Control control(TomlTable t, String id, String kind) {
    return switch (kind) {
      case "sysctl" -> new Control.Sysctl(settings(t, id));
      case "modprobe-deny" -> new Control.ModprobeDeny(required(t, "module"));
      case "mount-option" -> new Control.MountOption(required(t, "mount"), t.getString("option", () -> ""),
          Optional.ofNullable(t.getString("unit")), t.getString("fstype", () -> "tmpfs"), t.getString("source", () -> "tmpfs"));
      case "config-line" -> {
        String dialect = required(t, "dialect");
        if (!Set.of("sshd", "key-value", "key-equals-value").contains(dialect)) {
          throw new IllegalArgumentException("rule " + id + ": unknown dialect '" + dialect + "'");
        }
        yield new Control.ConfigLine(required(t, "file"), dialect, settings(t, id), check(t, id, Control.Check.EQUALS));
      }
      case "file-mode" -> {
        String mode = required(t, "mode");
        if (!mode.matches("[0-7]{3,4}")) {
          throw new IllegalArgumentException("rule " + id + ": mode is an octal string like \"0644\", not '" + mode + "'");
        }
        yield new Control.FileMode(required(t, "path"), Integer.parseInt(mode, 8));
      }
      case "service-disabled" -> new Control.ServiceDisabled(required(t, "unit"));
      case "crypto-policy" -> {
        Optional<String> policy = Optional.ofNullable(t.getString("policy"));
        Optional<String> refused = Optional.ofNullable(t.getString("not"));
        if (policy.isEmpty() == refused.isEmpty()) {
          throw new IllegalArgumentException("rule " + id + ": crypto-policy needs exactly one of policy and not");
        }
        yield new Control.CryptoPolicy(policy, refused);
      }
      case "kernel-arg" -> new Control.KernelArg(required(t, "argument"));
      case "kubelet-config" -> {
        Object value = t.get(List.of("value"));
        if (value == null) {
          throw new IllegalArgumentException("rule " + id + ": kubelet-config needs value");
        }
        yield new Control.KubeletConfig(required(t, "key"), value, check(t, id, Control.Check.EQUALS),
            Optional.ofNullable(t.get(List.of("default"))), t.getBoolean("set", () -> false));
      }
      case "service-environment" -> new Control.ServiceEnvironment(required(t, "service"), required(t, "name"), required(t, "value"));
      case "manual" -> new Control.Manual(required(t, "note"));
      default -> throw new IllegalArgumentException("rule " + id + ": unknown kind '" + kind + "'");
    };
  }

  private static Control.Check check(TomlTable t, String id, Control.Check fallback) {
    String word = t.getString("check");
    if (word == null) {
      return fallback;
    }
    return Control.Check.of(word)
        .orElseThrow(() -> new IllegalArgumentException("rule " + id + ": unknown check '" + word + "'"));
  }

  private static Map<String, String> settings(TomlTable t, String id) {
    TomlTable settings = t.getTable("settings");
    if (settings == null || settings.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + ": needs settings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : settings.keySet()) {
      values.put(key, String.valueOf(settings.get(List.of(key))));
    }
    return values;
  }

  private static String required(TomlTable t, String key) {
    Object value = t.get(List.of(key));
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(
          (key.equals("id") ? "rule" : "rule " + t.getString("id")) + ": needs " + key + " (a string)");
    }
    return s;
  }

  List<Rule> rules() {
    return rules;
  }

  Map<String, Profile> profiles() {
    return profiles;
  }

  Map<String, String> benchmarks() {
    return benchmarks;
  }

  /** A path of the rules file's {@code [paths]}, e.g. {@code kubelet-config}. */
  String path(String name) {
    String path = paths.get(name);
    if (path == null) {
      throw new EksnodeException("the rules file has no path '" + name + "'");
    }
    return path;
  }

  Optional<Rule> find(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The named profiles and every profile they include, in first-seen order. */
  Set<String> expand(Collection<String> names) {
    Set<String> result = new LinkedHashSet<>();
    List<String> pending = new ArrayList<>(names);
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      Profile profile = profiles.get(name);
      if (profile != null && result.add(name)) {
        pending.addAll(profile.includes());
      }
    }
    return result;
  }

  /** The rules the named profiles select (the union), in file order. */
  List<Rule> select(Collection<String> names) {
    Set<String> expanded = expand(names);
    return rules.stream().filter(r -> r.profiles().stream().anyMatch(expanded::contains)).toList();
  }

  /** For each rule, every profile (after includes) that selects it, in profile order. */
  List<String> profilesSelecting(Rule rule) {
    return profiles.keySet().stream().filter(p -> select(List.of(p)).contains(rule)).toList();
  }

  /**
   * Pairs of applied, unwaived rules that write the same setting with different values, as messages
   * naming both rules.
   */
  static List<String> conflicts(List<Rule> selected, Set<String> waived) {
    Map<String, Map.Entry<Rule, String>> seen = new LinkedHashMap<>();
    List<String> conflicts = new ArrayList<>();
    for (Rule rule : selected) {
      if (!rule.applied() || waived.contains(rule.id())) {
        continue;
      }
      for (Control.Setting setting : rule.control().settings()) {
        String key = setting.target() + "\u0000" + setting.key();
        Map.Entry<Rule, String> earlier = seen.putIfAbsent(key, Map.entry(rule, setting.value()));
        if (earlier != null && !earlier.getValue().equals(setting.value())) {
          conflicts.add("rule " + earlier.getKey().id() + " sets " + setting.key() + " = " + earlier.getValue()
              + " but rule " + rule.id() + " sets it to " + setting.value());
        }
      }
    }
    return conflicts;
  }
}
