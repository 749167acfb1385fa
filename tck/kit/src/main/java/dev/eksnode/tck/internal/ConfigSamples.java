package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Plugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  /** The problems binding the sample reports; empty when it is accepted. */
  private static List<ConfigProblem> problems(PluginUnderTest underTest, Path sample) {
    Plugin plugin = underTest.fresh();
    List<LoadedPlugin> plugins = new ArrayList<>();
    plugins.add(new LoadedPlugin(plugin, underTest.source()));
    if (!plugin.id().equals("core")) {
      plugins.add(new LoadedPlugin(new DocumentRecorderPlugin(), DocumentRecorderPlugin.SOURCE));
    }
    Set<String> appendKeys = new HashSet<>(plugin.appendKeys());
    try {
      Kernel.bind(Kernel.of(plugins), ConfigSources.load(List.of(sample), appendKeys));
      return List.of();
    } catch (ConfigException e) {
      return e.problems();
    }
  }
}
