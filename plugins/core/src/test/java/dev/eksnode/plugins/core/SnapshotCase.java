package dev.eksnode.plugins.core;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.PluginSet;
import dev.eksnode.kernel.RunListener;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.StepGraph;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import dev.eksnode.tck.emulator.NodeRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One snapshot case of {@code src/test/snapshots}: a directory whose layout is described in that
 * directory's README. Runs the boot phase over the base root plus the case's input, with the case's
 * instance description served by a {@link MetadataEmulator} and its EC2 fixture by an {@link
 * Ec2Emulator}, and collects what the run left behind.
 */
final class SnapshotCase {

  /** The run report is excluded from comparisons: it holds times. */
  static final String REPORTS = "/var/lib/eksnode/reports/";
  static final String MODES = ".modes";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final Path directory;

  SnapshotCase(Path directory) {
    this.directory = directory;
  }

  String name() {
    return directory.getFileName().toString();
  }

  /** Every case directory under {@code snapshots}, sorted. */
  static List<SnapshotCase> all(Path snapshots) throws IOException {
    try (Stream<Path> entries = Files.list(snapshots)) {
      return entries.filter(Files::isDirectory).sorted().map(SnapshotCase::new).toList();
    }
  }

  boolean usesUserData() {
    return Files.exists(directory.resolve("user-data"));
  }

  /**
   * What one run did.
   *
   * @param report the run report
   * @param files every file under the root but the reports, with content and mode
   * @param actions commands and service actions in step order
   * @param awsCalls EC2 calls by action, e.g. {@code ec2 DescribeInstanceTypes -> 1}
   */
  record Run(RunReport report, Map<String, FileState> files, List<String> actions, Map<String, Integer> awsCalls) {}

  /** A file's content and permission bits. */
  record FileState(byte[] content, int mode) {
    @Override
    public boolean equals(Object other) {
      return other instanceof FileState that && java.util.Arrays.equals(content, that.content) && mode == that.mode;
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(content) * 31 + mode;
    }

    @Override
    public String toString() {
      return String.format("%04o ", mode) + new String(content, StandardCharsets.UTF_8);
    }
  }

  /** Prepares the root: the base root, then the case's {@code input/} over it. */
  void seed(Path root) throws IOException {
    String base = Files.exists(directory.resolve("base")) ? Files.readString(directory.resolve("base")).strip() : NodeRoots.AL2023;
    NodeRoots.seed(base, root);
    Path input = directory.resolve("input");
    if (Files.isDirectory(input)) {
      Map<String, Integer> modes = readModes(input);
      for (Map.Entry<String, byte[]> file : tree(input).entrySet()) {
        Path target = root.resolve(file.getKey().substring(1));
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
        Files.setPosixFilePermissions(target, permissions(modes.getOrDefault(file.getKey(), 0644)));
      }
    }
  }

  /** Runs the boot phase once over {@code root} (already seeded) and collects the result. */
  Run run(Path root) throws IOException {
    try (MetadataEmulator imds = MetadataEmulator.start(directory.resolve("instance.json"));
        Ec2Emulator ec2 = Files.exists(directory.resolve("ec2.json")) ? Ec2Emulator.start(directory.resolve("ec2.json")) : Ec2Emulator.empty()) {
      Map<String, String> environment = new HashMap<>();
      environment.putAll(imds.environment());
      environment.putAll(ec2.environment());
      environment.put("EKSNODE_IMDS_DEADLINE_SECONDS", "20");
      environment.putAll(readEnv());
      LoadedPlugin core = new LoadedPlugin(new CorePlugin(), LoadedPlugin.BUILT_IN);
      PluginSet plugins = Kernel.of(List.of(core));
      Setup setup = Kernel.bind(plugins, config(core));
      StepGraph.Ordered graph = (StepGraph.Ordered) Kernel.order(setup, Phase.BOOT);
      RunReport report = Kernel.run(setup, graph, Phase.BOOT, new RunOptions(root, false, environment, CLOCK), RunListener.NONE);
      List<String> actions = new ArrayList<>();
      report.steps().forEach(step -> actions.addAll(step.actions()));
      Map<String, Integer> calls = new TreeMap<>();
      ec2.requests().forEach((action, count) -> calls.put("ec2 " + action, count));
      return new Run(report, state(root), actions, calls);
    }
  }

  private ConfigNode.Table config(LoadedPlugin core) throws IOException {
    Path toml = directory.resolve("config.toml");
    if (Files.exists(toml)) {
      return ConfigSources.load(List.of(toml), core.plugin().appendKeys());
    }
    return ConfigNode.Table.empty(ConfigLocation.of("built-in defaults"));
  }

  private Map<String, String> readEnv() throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    Path file = directory.resolve("env");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          int eq = line.indexOf('=');
          env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    return env;
  }

  /** The expected tree: {@code expected/} with {@code expected/.modes}. */
  Map<String, FileState> expectedFiles() throws IOException {
    Path expected = directory.resolve("expected");
    Map<String, Integer> modes = readModes(expected);
    Map<String, FileState> files = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : tree(expected).entrySet()) {
      Integer mode = modes.get(file.getKey());
      if (mode == null) {
        throw new IllegalStateException(name() + ": expected/" + MODES + " has no mode for " + file.getKey());
      }
      files.put(file.getKey(), new FileState(file.getValue(), mode));
    }
    return files;
  }

  List<String> expectedActions() throws IOException {
    return lines(directory.resolve("expected-actions.txt"));
  }

  /** {@code expected-aws-calls.txt}: {@code ec2 DescribeInstanceTypes 1} per line; no file means no calls. */
  Map<String, Integer> expectedAwsCalls() throws IOException {
    Map<String, Integer> calls = new TreeMap<>();
    for (String line : lines(directory.resolve("expected-aws-calls.txt"))) {
      int space = line.lastIndexOf(' ');
      calls.put(line.substring(0, space), Integer.parseInt(line.substring(space + 1)));
    }
    return calls;
  }

  /** Rewrites the case's expectations from a run (only with {@code -Deksnode.updateSnapshots=true}). */
  void update(Run run) throws IOException {
    Path expected = directory.resolve("expected");
    if (Files.exists(expected)) {
      try (Stream<Path> files = Files.walk(expected)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    StringBuilder modes = new StringBuilder("# mode path of every file in this tree; see ../../README.md\n");
    for (Map.Entry<String, FileState> file : run.files().entrySet()) {
      Path target = expected.resolve(file.getKey().substring(1));
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue().content());
      modes.append(String.format("%04o", file.getValue().mode())).append(' ').append(file.getKey()).append('\n');
    }
    Files.createDirectories(expected);
    Files.writeString(expected.resolve(MODES), modes.toString());
    Files.writeString(directory.resolve("expected-actions.txt"), run.actions().isEmpty() ? "" : String.join("\n", run.actions()) + "\n");
    Path calls = directory.resolve("expected-aws-calls.txt");
    if (run.awsCalls().isEmpty()) {
      Files.deleteIfExists(calls);
    } else {
      StringBuilder text = new StringBuilder();
      run.awsCalls().forEach((call, count) -> text.append(call).append(' ').append(count).append('\n'));
      Files.writeString(calls, text.toString());
    }
  }

  /** The steps of a run that did not end as {@code outcome}, as {@code id: outcome (detail)}. */
  static List<String> stepsNot(RunReport report, Set<String> outcomes) {
    List<String> others = new ArrayList<>();
    for (StepRecord step : report.steps()) {
      if (!outcomes.contains(step.outcome())) {
        others.add(step.id() + ": " + step.outcome() + (step.detail().isEmpty() ? "" : " (" + step.detail() + ")")
            + (step.changes().isEmpty() ? "" : " " + step.changes()) + (step.actions().isEmpty() ? "" : " " + step.actions()));
      }
    }
    return others;
  }

  static Map<String, FileState> state(Path root) throws IOException {
    Map<String, FileState> files = new TreeMap<>();
    for (Map.Entry<String, byte[]> file : tree(root).entrySet()) {
      if (!file.getKey().startsWith(REPORTS)) {
        files.put(file.getKey(), new FileState(file.getValue(), mode(root.resolve(file.getKey().substring(1)))));
      }
    }
    return files;
  }

  /** Every regular file under {@code directory} by node path, but {@code .modes}. */
  static Map<String, byte[]> tree(Path directory) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        String path = "/" + directory.relativize(file).toString().replace('\\', '/');
        if (!path.equals("/" + MODES)) {
          files.put(path, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  private static Map<String, Integer> readModes(Path directory) throws IOException {
    Map<String, Integer> modes = new HashMap<>();
    for (String line : lines(directory.resolve(MODES))) {
      String[] parts = line.split("\\s+", 2);
      modes.put(parts[1], Integer.parseInt(parts[0], 8));
    }
    return modes;
  }

  private static List<String> lines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  static int mode(Path file) {
    try {
      int mode = 0;
      for (PosixFilePermission permission : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)) {
        mode |= 1 << (8 - permission.ordinal());
      }
      return mode;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
        permissions.add(permission);
      }
    }
    return permissions;
  }
}
