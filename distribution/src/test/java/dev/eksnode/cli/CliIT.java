package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.testing.PluginJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged launcher, {@code ${eksnode.home}/bin/eksnode}, run as a process on the module path. */
class CliIT {

  private static final Path JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  /** A step line: outcome, id, duration. */
  private static final Pattern STEP_LINE = Pattern.compile("^(applied|unchanged|skipped|failed|blocked) +(\\S+) +\\d+ ms.*$");

  @TempDir Path temp;

  private record Result(int exitCode, String stdout, String stderr) {
    List<String> stepLines() {
      return stdout.lines().filter(line -> STEP_LINE.matcher(line).matches()).toList();
    }
  }

  private Result eksnode(String... args) throws IOException, InterruptedException {
    return eksnode(Map.of(), args);
  }

  private Result eksnode(Map<String, String> extraEnvironment, String... args) throws IOException, InterruptedException {
    String home = System.getProperty("eksnode.home");
    if (home == null) {
      fail("the system property eksnode.home is not set; run through failsafe");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(home, "bin", "eksnode").toString()));
    command.addAll(List.of(args));
    Path stdout = Files.createTempFile(temp, "stdout", ".txt");
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", JAVA_HOME.toString());
    environment.remove("EKSNODE_DEBUG");
    environment.remove("EKSNODE_JAVA_OPTS");
    environment.putAll(extraEnvironment);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("eksnode " + String.join(" ", args) + " did not finish within 120 s");
    }
    return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  @Test
  void pluginsListsTheBuiltInCorePluginAndAJarWithItsPath() throws Exception {
    Path plugins = temp.resolve("plugins");
    Path jar = PluginJar.plugin("acme").version("1.2.0").step("acme/hello", Set.of(), "/etc/acme/hello").buildIn(plugins);

    Result result = eksnode("plugins", "--plugins-dir", plugins.toString());

    assertEquals(0, result.exitCode(), result.stderr());
    List<String> lines = result.stdout().lines().toList();
    assertTrue(lines.contains("core 0.1.0 (built-in), enabled by default"), result.stdout());
    assertTrue(lines.contains("acme 1.2.0 (" + jar + ")"), result.stdout());
    assertEquals("  boot steps:  acme/hello", lines.get(lines.indexOf("acme 1.2.0 (" + jar + ")") + 2));
    assertEquals("", result.stderr());
  }

  @Test
  void bootstrapRunsTheStepOfAnEnabledPluginJar() throws Exception {
    Path plugins = temp.resolve("plugins");
    PluginJar.plugin("acme").step("acme/hello", Set.of(), "/etc/acme/hello").buildIn(plugins);
    // Only the jar's plugin runs: the core join would need a cluster and instance metadata, and outposts
    // contributes to core's documents.
    Path config = Files.writeString(temp.resolve("acme.toml"), "[plugins.acme]\nenabled = true\n\n[plugins.core]\nenabled = false\n\n[plugins.outposts]\nenabled = false\n");
    Path root = Files.createDirectories(temp.resolve("root"));

    Result result =
        eksnode("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString(), "--config", config.toString());

    assertEquals(0, result.exitCode(), result.stderr());
    assertTrue(result.stepLines().stream().anyMatch(line -> line.matches("applied +acme/hello +\\d+ ms")), result.stdout());
    assertEquals("acme/hello\n", Files.readString(root.resolve("etc/acme/hello")));
    assertTrue(Files.isRegularFile(root.resolve("var/lib/eksnode/reports/boot.json")));
  }

  @Test
  void bootstrapExitsWith3NamingEveryMemberOfACycleInOrder() throws Exception {
    Path plugins = temp.resolve("plugins");
    PluginJar.plugin("loop")
        .enabledByDefault()
        .step("loop/a", Set.of("loop/c"))
        .step("loop/b", Set.of("loop/a"))
        .step("loop/c", Set.of("loop/b"))
        .buildIn(plugins);
    Path root = Files.createDirectories(temp.resolve("root"));

    Result result = eksnode("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString());

    assertEquals(3, result.exitCode(), result.stdout() + result.stderr());
    assertEquals(
        List.of("eksnode: 1 plugin problem:", "  dependency cycle: loop/a -> loop/b -> loop/c -> loop/a"),
        result.stderr().lines().toList());
    assertEquals("", result.stdout());
  }

  @Test
  void bootstrapExitsWith3WhenAJarDoesNotMatchItsPinNamingItsPathAndBothDigests() throws Exception {
    Path plugins = temp.resolve("plugins");
    Path jar = PluginJar.plugin("acme").enabledByDefault().step("acme/hello", Set.of(), "/etc/acme/hello").buildIn(plugins);
    Path root = Files.createDirectories(temp.resolve("root"));
    String wrong = "sha256:" + "e".repeat(64);
    Files.createDirectories(root.resolve("etc/eksnode"));
    Files.writeString(root.resolve("etc/eksnode/eksnode.toml"),
        "[plugin-pins]\nacme = \"" + wrong + "\"\n\n[plugins.core]\nenabled = false\n\n[plugins.outposts]\nenabled = false\n");

    Result result = eksnode("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString());

    assertEquals(3, result.exitCode(), result.stdout() + result.stderr());
    assertEquals(List.of("eksnode: 1 plugin problem:", "  plugin jar " + jar + " failed to load: does not match its pin "
        + "plugin-pins.\"acme\": expected " + wrong + ", actual sha256:" + dev.eksnode.kernel.PluginPins.sha256(jar)),
        result.stderr().lines().toList());
    assertFalse(Files.exists(root.resolve("etc/acme/hello")), "the jar's step ran");
  }

  @Test
  void pluginsPrintsPinsThatBootstrapThenAccepts() throws Exception {
    Path plugins = temp.resolve("plugins");
    PluginJar.plugin("acme").enabledByDefault().describedInManifest().step("acme/hello", Set.of(), "/etc/acme/hello")
        .buildIn(plugins, "acme-plugin-1.0.0.jar");
    Path root = Files.createDirectories(temp.resolve("root"));

    Result pins = eksnode("plugins", "--format", "pins", "--plugins-dir", plugins.toString());

    assertEquals(0, pins.exitCode(), pins.stderr());
    assertTrue(pins.stdout().matches("\\[plugin-pins]\nacme = \"sha256:[0-9a-f]{64}\"\n"), pins.stdout());
    Files.createDirectories(root.resolve("etc/eksnode"));
    Files.writeString(root.resolve("etc/eksnode/eksnode.toml"), pins.stdout() + "\n[plugins.core]\nenabled = false\n\n[plugins.outposts]\nenabled = false\n");
    Result boot = eksnode("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString());
    assertEquals(0, boot.exitCode(), boot.stdout() + boot.stderr());
    assertEquals("acme/hello\n", Files.readString(root.resolve("etc/acme/hello")));
  }

  @Test
  void bootstrapNeverLoadsAJarWhoseManifestSaysItsPluginIsOff() throws Exception {
    Path plugins = temp.resolve("plugins");
    // Its service entry names a class that does not exist: loading the jar is a plugin problem.
    Path jar = PluginJar.named("ghost.jar").service("ghost.Missing").manifest("Plugin-Id", "ghost")
        .manifest("Plugin-Version", "1.0.0").manifest("Eksnode-Enabled-By-Default", "false").buildIn(plugins);
    Path config = Files.writeString(temp.resolve("off.toml"), "[plugins.core]\nenabled = false\n\n[plugins.outposts]\nenabled = false\n");
    Path root = Files.createDirectories(temp.resolve("root"));

    Result boot = eksnode("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString(), "--config", config.toString());
    Result list = eksnode("plugins", "--plugins-dir", plugins.toString());

    assertEquals(0, boot.exitCode(), boot.stdout() + boot.stderr());
    assertTrue(Files.readString(root.resolve("var/lib/eksnode/reports/boot.json")).contains("\"" + jar + "\""),
        "the report lists the dormant plugin with its jar");
    assertEquals(3, list.exitCode(), "eksnode plugins loads every jar: " + list.stdout());
    assertTrue(list.stderr().contains("plugin jar " + jar + " failed to load: its META-INF/services entry names a class that cannot be loaded or made"), list.stderr());
  }

  @Test
  void demoPrintsTheStepLinesAndRemovesItsRoot() throws Exception {
    Result result = eksnode("demo");

    assertEquals(0, result.exitCode(), result.stderr());
    Matcher intro = Pattern.compile("root: (\\S+) ").matcher(result.stdout());
    assertTrue(intro.find(), result.stdout());
    Path root = Path.of(intro.group(1));
    List<String> steps = result.stepLines();
    assertTrue(steps.stream().anyMatch(line -> line.matches("applied +core/cluster-ca +\\d+ ms")), result.stdout());
    assertTrue(steps.stream().anyMatch(line -> line.matches("applied +core/kubelet-config +\\d+ ms")), result.stdout());
    // 14 core steps and the two outposts steps, which skip off an Outpost.
    assertTrue(result.stdout().contains("\nsucceeded: 16 steps in "), result.stdout());
    assertTrue(result.stdout().contains("  wrote /var/lib/kubelet/kubeconfig (0600)\n"), result.stdout());
    assertTrue(result.stdout().contains("second run: 14 of 14 steps unchanged, nothing restarted"), result.stdout());
    assertFalse(Files.exists(root), "the demo root is removed without --keep");
  }


  @Test
  void demoOnEveryPathBootsEachOtherKindOfNodeAndTakesItsPlugins() throws Exception {
    Result result = eksnode("demo", "--every-path");

    assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
    // What --train-aot runs: besides the demo, NodeConfig MIME user data alone (core only), and a GPU
    // node whose NVIDIA, proxy and instance-store steps all do work.
    assertTrue(result.stdout().contains("\nm5.large, NodeConfig MIME user data: succeeded, 16 steps (core) in "), result.stdout());
    Matcher gpu = Pattern.compile("^g5.xlarge GPU, proxy, instance store: succeeded, \\d+ steps \\(([^)]*)\\) in \\d+ ms$",
        Pattern.MULTILINE).matcher(result.stdout());
    assertTrue(gpu.find(), result.stdout());
    assertTrue(List.of(gpu.group(1).split(", ")).containsAll(List.of("core", "instance-store", "nvidia", "proxy")), gpu.group(1));
  }

  @Test
  void bootstrapOverAKeptDemoRootReportsEveryStepUnchanged() throws Exception {
    Result demo = eksnode("demo", "--keep");
    assertEquals(0, demo.exitCode(), demo.stderr());
    Matcher kept = Pattern.compile("^kept (\\S+); ", Pattern.MULTILINE).matcher(demo.stdout());
    assertTrue(kept.find(), demo.stdout());
    Path root = Path.of(kept.group(1));
    try {
      Result again;
      try (var instance = Cli.class.getResourceAsStream("demo/instance.json");
          var imds = dev.eksnode.tck.emulator.MetadataEmulator.start(new String(instance.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))) {
        again = eksnode(imds.environment(), "bootstrap", "--root", root.toString());
      }

      assertEquals(0, again.exitCode(), again.stderr());
      assertEquals(ids(demo.stepLines()).subList(0, 16), ids(again.stepLines()), "the same steps ran");
      assertTrue(ids(again.stepLines()).containsAll(List.of("core/cluster-ca", "core/kubeconfig")), again.stdout());
      assertEquals(
          List.of(),
          // A step that does not apply (outposts off an Outpost) skips again: that is idempotent too.
          again.stepLines().stream().filter(line -> !line.startsWith("unchanged ") && !line.startsWith("skipped ")).toList(),
          "steps that were neither unchanged nor skipped");
    } finally {
      deleteTree(root);
    }
  }

  private static List<String> ids(List<String> stepLines) {
    return stepLines.stream()
        .map(STEP_LINE::matcher)
        .filter(Matcher::matches)
        .map(m -> m.group(2))
        .toList();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
