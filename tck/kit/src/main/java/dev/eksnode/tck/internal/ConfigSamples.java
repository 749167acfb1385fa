package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.config.ConfigSchema;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.StandInCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The config rule: a plugin rejects bad configuration with located messages. A sample is a TOML file
 * whose offending lines end in a marker naming part of the expected message, Error Prone style:
 *
 * <pre>
 * [plugins.acme]
 * endpoint = "http://collector"   # error: is not an https URL
 * </pre>
 *
 * The sample must be rejected with exactly one problem per marker, each at the marked line and
 * containing the marker's text; a problem without a line, or on an unmarked line, fails the rule.
 */
public final class ConfigSamples {

  /** The name of the sample every plugin gets: a key its section does not know. */
  public static final String UNKNOWN_KEY_SAMPLE = "kit-unknown-key";

  private static final Pattern MARKER = Pattern.compile("#\\s*error:\\s*(.+?)\\s*$");

  private ConfigSamples() {}

  /** The {@code *.toml} samples in {@code directory}, sorted. */
  public static List<Path> list(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".toml")).sorted().toList();
    } catch (IOException e) {
      throw new EksnodeException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The sample every plugin must reject: an unknown key in its {@code plugins.<id>} section. */
  public static String unknownKeySample(String pluginId) {
    return "# Written by the conformance kit: a plugin rejects keys it does not know, naming them.\n"
        + "[plugins." + pluginId + "]\n"
        + "eksnode-tck-unknown-key = true   # error: eksnode-tck-unknown-key\n";
  }

  /** Checks a sample file. */
  public static void check(PluginUnderTest underTest, Path sample) {
    try {
      check(underTest, sample, Files.readString(sample));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + sample + ": " + e.getMessage(), e);
    }
  }

  /** Checks a sample's text, written to a temporary file so messages carry a real path. */
  public static void checkText(PluginUnderTest underTest, String name, String text) {
    Path file;
    try {
      file = Files.createTempFile("eksnode-tck-" + name + "-", ".toml");
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new EksnodeException("cannot write a temporary sample: " + e.getMessage(), e);
    }
    try {
      check(underTest, file, text);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A leftover temporary file is harmless.
      }
    }
  }

  private static void check(PluginUnderTest underTest, Path sample, String text) {
    TreeMap<Integer, String> markers = new TreeMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher marker = MARKER.matcher(lines[i]);
      if (marker.find()) {
        markers.put(i + 1, marker.group(1));
      }
    }
    if (markers.isEmpty()) {
      fail(sample + ": no line is marked with '# error: <part of the expected message>'");
    }
    List<ConfigProblem> problems = problems(underTest, sample);
    if (problems.isEmpty()) {
      fail(sample + ": plugin '" + underTest.id() + "' accepted this configuration; expected "
          + describe(markers, sample));
    }
    List<String> mistakes = new ArrayList<>();
    TreeMap<Integer, String> unmatched = new TreeMap<>(markers);
    for (ConfigProblem problem : problems) {
      int line = problem.location().line();
      if (line <= 0) {
        mistakes.add("problem without a line: " + problem + " (report it through the ConfigSection of the key)");
        continue;
      }
      String expected = unmatched.get(line);
      if (expected != null && problem.toString().contains(expected)) {
        unmatched.remove(line);
      } else if (markers.containsKey(line) && !problem.toString().contains(markers.get(line))) {
        mistakes.add("line " + line + ": expected a problem containing '" + markers.get(line) + "', got: " + problem);
        unmatched.remove(line);
      } else {
        mistakes.add("unexpected problem: " + problem);
      }
    }
    unmatched.forEach((line, expected) -> mistakes.add(
        sample + ", line " + line + ": expected a problem containing '" + expected + "', none was reported there"));
    if (!mistakes.isEmpty()) {
      fail(sample + ": the problems reported are not the ones marked:\n  " + String.join("\n  ", mistakes));
    }
  }

  private static String describe(TreeMap<Integer, String> markers, Path sample) {
    List<String> parts = new ArrayList<>();
    markers.forEach((line, text) -> parts.add("'" + text + "' at " + sample.getFileName() + ", line " + line));
    return String.join(", ", parts);
  }

  /** The name of the check of a plugin's documented keys ({@link Plugin#configKeys()}). */
  public static final String DOCUMENTED_KEYS = "kit-documented-keys";

  /**
   * Checks what a plugin publishes about its keys against what it binds: every example is a TOML
   * value of the key's type (and among its allowed values); every key of {@code plugins.<id>}, set
   * alone to its example, is accepted; the built-in defaults alone are accepted and, when the plugin
   * binds to a record, bind to the same settings as no configuration at all.
   */
  public static void checkDocumentedKeys(PluginUnderTest underTest) {
    Plugin plugin = underTest.fresh();
    String section = "plugins." + plugin.id();
    List<String> mistakes = new ArrayList<>();
    List<ConfigKey> own = new ArrayList<>();
    for (ConfigKey key : plugin.configKeys()) {
      Object example;
      try {
        example = ConfigSchema.example(key);
      } catch (EksnodeException e) {
        mistakes.add(e.getMessage());
        continue;
      }
      if (!typed(key.type(), example)) {
        mistakes.add(key.path() + ": the example " + key.example() + " is not a " + key.type().label());
      } else if (!key.allowed().isEmpty() && !allowed(key, example)) {
        mistakes.add(key.path() + ": the example " + key.example() + " is not among the allowed values " + key.allowed());
      }
      if (key.path().startsWith(section + ".")) {
        own.add(key);
      }
    }
    for (ConfigKey key : own) {
      String toml = "[" + section + "]\nenabled = true\n" + key.path().substring(section.length() + 1) + " = " + key.example() + "\n";
      bindProblems(underTest, TomlDocuments.parse(DOCUMENTED_KEYS, toml)).forEach(problem ->
          mistakes.add(key.path() + ": the documented example " + key.example() + " is refused: " + problem));
    }
    List<ConfigSchema.PluginKeys> keys =
        List.of(new ConfigSchema.PluginKeys(plugin.id(), plugin.configSections(), plugin.configKeys(), plugin.enabledByDefault()));
    Table defaults = ConfigSchema.defaults(keys);
    bindProblems(underTest, defaults).forEach(problem -> mistakes.add("the built-in defaults are refused: " + problem));
    if (mistakes.isEmpty()) {
      Object fromDefaults = bound(underTest, defaults);
      Object fromNothing = bound(underTest, Table.empty(ConfigLocation.of(DOCUMENTED_KEYS)));
      if (fromNothing instanceof Record && !fromNothing.equals(fromDefaults)) {
        mistakes.add("the built-in defaults bind to other settings than no configuration does (a declared default differs from"
            + " the binder's):\n    declared: " + fromDefaults + "\n    binder's: " + fromNothing);
      }
    }
    if (!mistakes.isEmpty()) {
      fail("plugin '" + plugin.id() + "' documents keys it does not bind that way (configKeys):\n  " + String.join("\n  ", mistakes));
    }
  }

  private static boolean typed(ConfigKey.Type type, Object example) {
    return switch (type) {
      case STRING -> example instanceof String;
      case INTEGER -> example instanceof Long;
      case BOOLEAN -> example instanceof Boolean;
      case STRING_LIST -> example instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
      case STRING_MAP -> example instanceof Map<?, ?> map && map.values().stream().allMatch(String.class::isInstance);
      case STRING_MAP_MAP, TABLE -> example instanceof Map<?, ?>;
    };
  }

  private static boolean allowed(ConfigKey key, Object example) {
    return example instanceof List<?> list ? key.allowed().containsAll(list) : key.allowed().contains(example);
  }

  private static List<ConfigProblem> bindProblems(PluginUnderTest underTest, Table config) {
    try {
      bound(underTest, config);
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }

  /** What the plugin binds {@code config} to, beside the kit's stand-in core. */
  private static Object bound(PluginUnderTest underTest, Table config) {
    Plugin plugin = underTest.fresh();
    List<LoadedPlugin> plugins = new ArrayList<>();
    plugins.add(new LoadedPlugin(plugin, underTest.source()));
    if (!plugin.id().equals("core")) {
      plugins.add(new LoadedPlugin(StandInCore.recordingDocuments(), StandInCore.SOURCE));
    }
    return Kernel.bind(Kernel.of(plugins), config).bound().get(plugin.id());
  }

  /** The problems binding the sample reports; empty when it is accepted. */
  private static List<ConfigProblem> problems(PluginUnderTest underTest, Path sample) {
    Set<String> appendKeys = new HashSet<>(underTest.fresh().appendKeys());
    return bindProblems(underTest, ConfigSources.load(List.of(sample), appendKeys));
  }
}
