package dev.eksnode.tck.internal;

import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.BaseRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One snapshot case: a directory holding what the run starts from and what the run must change.
 *
 * <pre>
 * &lt;case&gt;/
 *   case.toml              optional: base = "al2023", plugins = ["core"], phases = ["image", "boot"]
 *   input/                 the starting root, or an overlay on the base root (with input/.modes)
 *   config.toml            optional: configuration, read after the image configuration in the root
 *   user-data              optional: served by the metadata emulator at /latest/user-data and read as
 *                          configuration (when a plugin provides the imds source), as bootstrap does
 *   instance.json          optional: what the metadata emulator serves; default: the base root's
 *   ec2.json               optional: the EC2 emulator's fixture; default: an emulator that knows nothing
 *   expected/              what the run created or changed in the starting root, as it is afterwards:
 *                          the files, and expected/.modes listing the mode of every entry recorded,
 *                          directories created or changed included; an unlisted directory only holds
 *                          recorded files; written by an update
 *   expected-deleted.txt   optional: the node paths the run deleted, one a line, directories ending
 *                          in / ("/etc/old.conf", "/var/cache/old/"); absent: none; written by an update
 *   expected-actions.txt   commands run and service actions, in order; written by an update
 *   expected-aws-calls.txt optional: EC2 API calls, "ec2 &lt;Action&gt; &lt;count&gt;"; absent: none; written by an update
 *   README.md              optional: what the case is about
 * </pre>
 *
 * <p>The starting root is the base root with {@code input/} on top. Every path of it that {@code
 * expected/} and {@code expected-deleted.txt} do not name must be untouched by the run: same content,
 * same mode, still there. An update ({@link SnapshotMode}) rewrites the {@code expected*} entries from
 * the run and records only what it changed.
 *
 * @param name the directory's name, used in test names
 * @param directory the case directory
 * @param base the base root the case starts from, if any
 * @param plugins ids of the plugins installed beside the plugin under test
 * @param phases the phases run, in order
 */
public record CaseSpec(String name, Path directory, Optional<String> base, List<String> plugins, List<Phase> phases) {

  public static final String CASE_TOML = "case.toml";
  public static final String INPUT = "input";
  public static final String CONFIG = "config.toml";
  public static final String USER_DATA = "user-data";
  public static final String INSTANCE = "instance.json";
  public static final String EXPECTED = "expected";
  public static final String EXPECTED_DELETED = EXPECTED + TreeChanges.DELETED_SUFFIX;
  public static final String EXPECTED_ACTIONS = "expected-actions.txt";
  public static final String EC2 = "ec2.json";
  public static final String EXPECTED_AWS_CALLS = "expected-aws-calls.txt";

  private static final Set<String> KNOWN =
      Set.of(CASE_TOML, INPUT, CONFIG, USER_DATA, INSTANCE, EC2, EXPECTED, EXPECTED_DELETED, EXPECTED_ACTIONS, EXPECTED_AWS_CALLS,
          "README.md");

  public CaseSpec {
    plugins = List.copyOf(plugins);
    phases = List.copyOf(phases);
  }

  /** The case directories under {@code casesDirectory}, sorted by name. */
  public static List<Path> list(Path casesDirectory) {
    if (!Files.isDirectory(casesDirectory)) {
      throw new EksnodeException("the cases directory " + casesDirectory.toAbsolutePath() + " does not exist");
    }
    try (Stream<Path> entries = Files.list(casesDirectory)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new EksnodeException("cannot list " + casesDirectory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a case directory.
   *
   * @throws EksnodeException naming the file and what is wrong with it
   */
  public static CaseSpec read(Path directory, BaseRoots roots) {
    String name = directory.getFileName().toString();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      Set<String> unknown = new TreeSet<>();
      entries.map(p -> p.getFileName().toString()).filter(n -> !KNOWN.contains(n)).forEach(unknown::add);
      for (String file : unknown) {
        problems.add("unknown entry '" + file + "' (a case holds " + String.join(", ", new TreeSet<>(KNOWN)) + ")");
      }
    } catch (IOException e) {
      throw new EksnodeException("cannot list the case " + directory + ": " + e.getMessage(), e);
    }
    Optional<String> base = Optional.empty();
    List<String> plugins = List.of();
    List<Phase> phases = List.of(Phase.IMAGE, Phase.BOOT);
    Path caseToml = directory.resolve(CASE_TOML);
    if (Files.isRegularFile(caseToml)) {
      ConfigNode.Table table;
      try {
        table = TomlDocuments.parse(caseToml.toString(), Files.readString(caseToml));
      } catch (ConfigException e) {
        throw new EksnodeException(e.getMessage(), e);
      } catch (IOException e) {
        throw new EksnodeException("cannot read " + caseToml + ": " + e.getMessage(), e);
      }
      for (Map.Entry<String, ConfigNode> entry : table.entries().entrySet()) {
        String where = entry.getValue().location() + ": " + entry.getKey();
        Object value = entry.getValue().plain();
        switch (entry.getKey()) {
          case "base" -> {
            if (value instanceof String root && roots.knows(root)) {
              base = Optional.of(root);
            } else {
              problems.add(where + ": " + value + " is not a base root; known: " + String.join(", ", roots.names()));
            }
          }
          case "plugins" -> {
            if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
              plugins = list.stream().map(String.class::cast).toList();
            } else {
              problems.add(where + ": expected a list of plugin ids, e.g. [\"core\"]");
            }
          }
          case "phases" -> {
            List<Phase> parsed = new ArrayList<>();
            if (value instanceof List<?> list && !list.isEmpty()) {
              for (Object item : list) {
                switch (String.valueOf(item).toLowerCase(Locale.ROOT)) {
                  case "image" -> parsed.add(Phase.IMAGE);
                  case "boot" -> parsed.add(Phase.BOOT);
                  default -> problems.add(where + ": '" + item + "' is not a phase (image or boot)");
                }
              }
            } else {
              problems.add(where + ": expected a list of phases, e.g. [\"image\", \"boot\"]");
            }
            phases = parsed;
          }
          default -> problems.add(where + ": unknown key (case.toml holds base, plugins, phases)");
        }
      }
    }
    if (base.isEmpty() && !Files.isDirectory(directory.resolve(INPUT))) {
      problems.add("no starting root: add input/ or name a base root in case.toml (base = \"al2023\")");
    }
    if (!problems.isEmpty()) {
      throw new EksnodeException("case " + directory + ":\n  " + String.join("\n  ", problems));
    }
    return new CaseSpec(name, directory, base, plugins, phases);
  }

  public Optional<Path> file(String entry) {
    Path path = directory.resolve(entry);
    return Files.exists(path) ? Optional.of(path) : Optional.empty();
  }

  /** The starting root: the base root with {@code input/} on top. */
  public Tree start(BaseRoots roots) {
    Tree tree = base.map(name -> Tree.listed(roots.modes(name), path -> roots.content(name, path).orElseThrow()))
        .orElseGet(Tree::empty);
    Optional<Path> input = file(INPUT);
    return input.isPresent() ? tree.overlay(Tree.readSnapshot(input.get())) : tree;
  }

  /** What the metadata emulator serves: the case's instance.json, else the base root's, else nothing. */
  public String instanceJson(BaseRoots roots) {
    Optional<Path> own = file(INSTANCE);
    if (own.isPresent()) {
      try {
        return Files.readString(own.get());
      } catch (IOException e) {
        throw new EksnodeException("cannot read " + own.get() + ": " + e.getMessage(), e);
      }
    }
    return base.map(roots::instanceJson).orElse("{}");
  }

  /** The EC2 emulator's fixture: the case's ec2.json, else one that knows no instance type and no instance. */
  public String ec2Json() {
    Optional<Path> own = file(EC2);
    if (own.isEmpty()) {
      return "{}";
    }
    try {
      return Files.readString(own.get());
    } catch (IOException e) {
      throw new EksnodeException("cannot read " + own.get() + ": " + e.getMessage(), e);
    }
  }
}
