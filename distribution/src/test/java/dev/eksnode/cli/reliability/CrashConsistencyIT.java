package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.Cli;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.BaseRoots;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI's boot phase killed with SIGKILL at every change it makes, for several node
 * configurations: after each kill no file is half-written (each is absent, as it was before the run,
 * or as a clean run leaves it), and a second run converges on exactly the clean run's root. The
 * kill-point count in docs/reliability.md is this test's output.
 *
 * <p>A kill point is a (configuration, N) pair: the run is paused (test hook {@code
 * EKSNODE_TEST_PAUSE_AT_CHANGE}) before its N-th change to the root or service action, while its
 * other steps keep running, and then killed. A run killed before a reload or restart leaves the
 * files right and systemd behind: the rerun must do that action (its report says so).
 */
class CrashConsistencyIT {

  static final int MINIMUM_POINTS = 50;
  static final String TEMP_SUFFIX = ".eksnode-tmp";

  static String resource(String name) throws IOException {
    try (InputStream in = Cli.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * The configurations: the demo node, and the demo with labels, taints, flags, environment and a
   * proxy, each booted on a fresh root; the "upgrade" ones boot over the root another configuration's
   * clean run left, so kills land on files that already have an old content.
   */
  static Map<String, String> configurations() throws IOException {
    String demo = resource("demo/eksnode.toml");
    Map<String, String> configs = new TreeMap<>();
    configs.put("1-demo", demo);
    configs.put("2-labels-taints-flags", demo + """

        [kubelet]
        flags = ["--v=2"]
        taints = ["dedicated=gpu:NoSchedule"]

        [kubelet.labels]
        team = "payments"

        [kubelet.config]
        shutdownGracePeriod = "30s"
        """);
    configs.put("3-proxy-environment", demo + """

        [plugins.proxy]
        enabled = true
        httpsProxy = "http://proxy.internal:3128"
        noProxy = [".internal"]

        [instance.environment.kubelet]
        GODEBUG = "x509sha1=1"

        [containerd.config.plugins."io.containerd.grpc.v1.cri".containerd]
        discard_unpacked_layers = false
        """);
    configs.put("6-fixed-max-pods-instance-id-name", demo + """

        [kubelet.maxPods]
        policy = "fixed"
        value = 58

        [features]
        instanceIdNodeName = true
        """);
    configs.put("7-spot-label-grace-period", demo + """

        [kubelet.labels]
        "node.kubernetes.io/lifecycle" = "spot"

        [kubelet.config]
        shutdownGracePeriod = "45s"
        """);
    configs.put("4-upgrade-1-to-2", configs.get("2-labels-taints-flags"));
    configs.put("5-upgrade-2-to-3", configs.get("3-proxy-environment"));
    return configs;
  }

  /** The configuration whose clean root an upgrade configuration boots over; null for a fresh root. */
  private static String base(String name) {
    return switch (name) {
      case "4-upgrade-1-to-2" -> "1-demo";
      case "5-upgrade-2-to-3" -> "2-labels-taints-flags";
      default -> null;
    };
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  static Map<String, byte[]> tree(Path root, boolean withReports) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = "/" + root.relativize(file);
        if (withReports || !path.startsWith("/var/lib/eksnode/reports/")) {
          files.put(path, Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  static void seed(Path root, String config) throws IOException {
    BaseRoots.seed(BaseRoots.EKS_AL2023, root);
    Path file = root.resolve("etc/eksnode/eksnode.toml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, config);
  }

  /** @param pausedAt what the run was about to do when it paused: a node path, or a service action */
  private record Run(int code, boolean paused, String pausedAt, String output) {}

  private static Run run(Path root, Map<String, String> environment, Path marker, int pauseAt) throws Exception {
    Path eksnode = Path.of(System.getProperty("eksnode.home", "target/eksnode"), "bin", "eksnode");
    ProcessBuilder builder = new ProcessBuilder(List.of(eksnode.toString(), "bootstrap", "--root", root.toString())).redirectErrorStream(true);
    builder.environment().putAll(environment);
    if (pauseAt > 0) {
      builder.environment().put("EKSNODE_TEST_PAUSE_AT_CHANGE", String.valueOf(pauseAt));
      builder.environment().put("EKSNODE_TEST_PAUSE_MARKER", marker.toString());
    }
    Path output = Files.createTempFile("eksnode-crash-", ".out");
    Process process = builder.redirectOutput(output.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        if (pauseAt > 0 && Files.exists(marker) && Files.size(marker) > 0) {
          process.destroyForcibly(); // SIGKILL
          process.waitFor(30, TimeUnit.SECONDS);
          return new Run(-9, true, Files.readString(marker), Files.readString(output));
        }
        if (process.waitFor(20, TimeUnit.MILLISECONDS)) {
          return new Run(process.exitValue(), false, "", Files.readString(output));
        }
      }
      process.destroyForcibly();
      throw new AssertionError("bootstrap neither paused nor ended in 120 s:\n" + Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
      Files.deleteIfExists(marker);
    }
  }

  @Test
  void neverLeavesAHalfWrittenFileAndConvergesOnRerun(@TempDir Path work) throws Exception {
    String instance = resource("demo/instance.json");
    int points = 0;
    List<String> divergences = new ArrayList<>();
    List<String> actionPoints = new ArrayList<>();
    StringBuilder perConfig = new StringBuilder();
    try (MetadataEmulator imds = MetadataEmulator.start(instance)) {
      Map<String, Path> cleanRoots = new TreeMap<>();
      for (Map.Entry<String, String> config : configurations().entrySet()) {
        Path start = work.resolve(config.getKey() + "-start");
        String base = base(config.getKey());
        if (base == null) {
          seed(start, config.getValue());
        } else {
          copyTree(cleanRoots.get(base), start);
          Files.writeString(start.resolve("etc/eksnode/eksnode.toml"), config.getValue());
        }
        Path clean = work.resolve(config.getKey() + "-clean");
        copyTree(start, clean);
        cleanRoots.put(config.getKey(), clean);
        Map<String, byte[]> before = tree(clean, true);
        Run cleanRun = run(clean, imds.environment(), work.resolve("marker"), 0);
        assertEquals(0, cleanRun.code(), cleanRun.output());
        Map<String, byte[]> expected = tree(clean, false);

        int configPoints = 0;
        for (int n = 1; ; n++) {
          Path root = work.resolve(config.getKey() + "-kill-" + n);
          copyTree(start, root);
          Run killed = run(root, imds.environment(), work.resolve("marker"), n);
          if (!killed.paused()) {
            assertEquals(0, killed.code(), "a run with fewer than " + n + " changes failed:\n" + killed.output());
            break;
          }
          configPoints++;
          for (Map.Entry<String, byte[]> file : tree(root, false).entrySet()) {
            String path = file.getKey();
            if (path.endsWith(TEMP_SUFFIX)) {
              continue; // a temp file of an interrupted atomic write; never read as the real file
            }
            boolean asBefore = before.containsKey(path) && Arrays.equals(before.get(path), file.getValue());
            boolean asClean = expected.containsKey(path) && Arrays.equals(expected.get(path), file.getValue());
            if (!asBefore && !asClean) {
              divergences.add(config.getKey() + " killed before change " + n + ": " + path + " is neither the old nor the new content");
            }
          }
          Run rerun = run(root, imds.environment(), work.resolve("marker"), 0);
          if (rerun.code() != 0) {
            divergences.add(config.getKey() + " killed before change " + n + ": the rerun failed:\n" + rerun.output());
          } else if (!sameFiles(expected, tree(root, false))) {
            divergences.add(config.getKey() + " killed before change " + n + ": the rerun's root differs from a clean run's: "
                + difference(expected, tree(root, false)));
          } else if (killed.pausedAt().startsWith("systemctl ") && !actions(root).contains(killed.pausedAt())) {
            // Killed before a reload or restart: the files are already right, so only the rerun can still
            // make systemd load them and the service read them.
            actionPoints.add(killed.pausedAt());
            divergences.add(config.getKey() + " killed before '" + killed.pausedAt() + "': the rerun did not do it; it did "
                + actions(root));
          } else if (killed.pausedAt().startsWith("systemctl ")) {
            actionPoints.add(killed.pausedAt());
          }
          deleteTree(root);
        }
        points += configPoints;
        perConfig.append("| ").append(config.getKey()).append(" | ").append(configPoints).append(" |\n");
      }
    }
    assertEquals(List.of(), divergences);
    assertTrue(points >= MINIMUM_POINTS, "only " + points + " kill points");
    assertTrue(actionPoints.contains("systemctl daemon-reload"), "no run was killed before a reload: " + actionPoints);
    ReliabilityDoc.section("kill-points", "| Configuration | Kill points |\n|---|---|\n" + perConfig
        + "\n" + points + " kill points (SIGKILL), " + actionPoints.size() + " of them before a service action (a reload or a"
        + " restart, which the rerun then did); 0 half-written files, 0 divergences after the rerun.\n");
  }

  /** The service actions of the root's last boot run, from its report. */
  private static List<String> actions(Path root) throws IOException {
    RunReport report = Kernel.readReport(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)));
    List<String> actions = new ArrayList<>();
    report.steps().forEach(step -> actions.addAll(step.actions()));
    return actions;
  }

  static boolean sameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    return expected.keySet().equals(actual.keySet())
        && expected.keySet().stream().allMatch(path -> Arrays.equals(expected.get(path), actual.get(path)));
  }

  static String difference(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    List<String> lines = new ArrayList<>();
    expected.keySet().stream().filter(path -> !actual.containsKey(path)).forEach(path -> lines.add("missing " + path));
    actual.keySet().stream().filter(path -> !expected.containsKey(path)).forEach(path -> lines.add("extra " + path));
    expected.keySet().stream().filter(actual::containsKey).filter(path -> !Arrays.equals(expected.get(path), actual.get(path)))
        .forEach(path -> lines.add("differs " + path));
    return String.join(", ", lines);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
