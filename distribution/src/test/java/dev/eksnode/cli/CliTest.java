package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.testing.PluginJar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Cli#run} with captured output: what the user reads and the exit code. */
class CliTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    Cli cli =
        new Cli(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    return cli.run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** An empty plugins directory, so only the built-in core plugin is found. */
  private String noJars() throws IOException {
    return Files.createDirectories(temp.resolve("no-plugins")).toString();
  }

  @Test
  void rejectsAnUnknownCommandWithExit2() {
    assertEquals(2, run("bogus"));

    assertEquals("eksnode: unknown command 'bogus'\nRun 'eksnode --help' for the list of commands.\n", err());
    assertEquals("", out());
  }

  @Test
  void rejectsAnUnknownOptionWithExit2() {
    assertEquals(2, run("plugins", "--bogus"));

    assertEquals("eksnode: unknown option --bogus\nRun 'eksnode plugins --help' for usage.\n", err());
  }

  @Test
  void rejectsAnOptionWithoutItsValue() {
    assertEquals(2, run("bootstrap", "--root"));

    assertEquals("eksnode: --root needs a value\nRun 'eksnode bootstrap --help' for usage.\n", err());
  }

  @Test
  void rejectsAnUnknownOutputFormat() {
    assertEquals(2, run("version", "--output=yaml"));

    assertEquals("eksnode: --output takes text or json, not 'yaml'\nRun 'eksnode version --help' for usage.\n", err());
  }

  @Test
  void rejectsImageWithoutBuild() {
    assertEquals(2, run("image"));

    assertEquals("eksnode: 'image' needs a subcommand: image build\n", err());
  }

  @Test
  void printsTheOverviewToStderrWithExit2WhenNoCommandIsGiven() {
    assertEquals(2, run());

    assertTrue(err().startsWith("eksnode: turns an EC2 instance into an EKS worker node.\n"), err());
    assertTrue(err().contains("\nExit codes: 0 ok, 1 a step failed, 2 bad input or configuration, 3 plugin or graph problem,\n"
        + "70 internal error (a bug in eksnode or a plugin).\n"), err());
    assertEquals("", out());
  }

  @Test
  void printsTheOverviewToStdoutForHelp() {
    assertEquals(0, run("--help"));

    assertTrue(out().startsWith("eksnode: turns an EC2 instance into an EKS worker node.\n"), out());
    // One column for every command's summary, as wide as the longest name ("compliance report").
    assertTrue(out().contains("\n  bootstrap          Run the boot phase"), out());
    assertTrue(out().contains("\nCommands added by plugins:\n  compliance report  Check the node"), out());
    assertTrue(out().contains("\n  max-pods           Print the max pods"), out());
    assertEquals("", err());
  }

  @ParameterizedTest(name = "{0} --help")
  @CsvSource(
      delimiter = ';',
      textBlock =
          """
          bootstrap   ; eksnode bootstrap [--config-source URI]... [--config FILE]... [--strict|--lenient] ; eksnode bootstrap --config-source file:///etc/eksnode/eksnode.toml --config-source imds://user-data
          image build ; eksnode image build [--config FILE]...                       ; eksnode image build --root /mnt/image --config ami.toml
          plan        ; eksnode plan [--phase boot|image] [--explain] [--config-source URI]... [--config FILE]... ; eksnode plan --explain --root /tmp/node
          validate    ; eksnode validate [FILE|-]... [--phase boot|image] [--strict|--lenient] ; curl -s -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/user-data | eksnode validate -
          analyze     ; eksnode analyze [--phase boot|image] [--report FILE] [--svg FILE] ; eksnode analyze --svg /tmp/boot.svg
          verify-node ; eksnode verify-node                                          ; eksnode verify-node --output json
          collect-logs ; eksnode collect-logs [--output FILE]                        ; eksnode collect-logs --output /tmp/node-logs.tar.gz
          plugins     ; eksnode plugins [--format pins]                              ; eksnode plugins --format pins >> /etc/eksnode/eksnode.toml
          graph       ; eksnode graph [--phase boot|image] [--format dot|mermaid]    ; eksnode graph --format mermaid > graph.mmd
          version     ; eksnode version                                              ; eksnode version --output json
          demo        ; eksnode demo [--keep]                                        ; eksnode demo --keep
          """)
  void printsUsageAndExampleForEveryCommand(String command, String usage, String example) {
    String[] words = (command + " --help").split(" ");

    assertEquals(0, run(words));

    assertTrue(out().contains("\n\nUsage: " + usage + "\n"), out());
    assertTrue(out().endsWith("\nExample:\n  " + example + "\n"), out());
    assertEquals("", err());
  }

  @Test
  void printsImageBuildHelpForImageHelp() {
    assertEquals(0, run("image", "--help"));

    assertTrue(out().contains("\nUsage: eksnode image build [--config FILE]...\n"), out());
  }

  @Test
  void validateReportsATomlSyntaxErrorWithFileLineAndColumnAndExit2() throws IOException {
    Path file = Files.writeString(temp.resolve("bad.toml"), "[cluster]\nname = \"demo\"\nendpoint = \n");

    assertEquals(2, run("validate", file.toString(), "--plugins-dir", noJars()));

    assertEquals(
        "eksnode: 1 configuration problem:\n"
            + "  " + file + ", line 3, column 12: TOML syntax: Unexpected end of line, expected ', \", ''', \"\"\","
            + " a number, a boolean, a date/time, an array, or a table\n",
        err());
    assertEquals("", out());
  }

  @Test
  void validateReportsEveryProblemOfEveryFile() throws IOException {
    Path first = Files.writeString(temp.resolve("10-first.toml"), "[clsuter]\nname = \"demo\"\n");
    Path second = Files.writeString(temp.resolve("20-second.toml"), "\n[cluster]\napiServerEndpoint = \"http://insecure\"\n");

    assertEquals(2, run("validate", first.toString(), second.toString(), "--plugins-dir", noJars()));

    assertEquals(
        "eksnode: 2 configuration problems:\n"
            + "  " + first + ", line 1, column 1: clsuter: unknown section (did you mean 'cluster'?)\n"
            + "  " + second + ", line 3, column 1: cluster.apiServerEndpoint: \"http://insecure\" is not an https URL"
            + " (e.g. https://ABCDEF.gr7.us-west-2.eks.amazonaws.com)\n",
        err());
  }

  @Test
  void validateWarnsThatAPinOutsideTheImageConfigurationHasNoEffect() throws IOException {
    Path file = Files.writeString(temp.resolve("user.toml"), "[plugin-pins]\nacme = \"sha256:" + "0".repeat(64) + "\"\n");

    assertEquals(0, run("validate", file.toString(), "--root", temp.resolve("root").toString(), "--plugins-dir", noJars()));

    assertEquals("warning: " + file + ", line 2, column 1: plugin-pins.acme: has no effect here: plugin pins are read only from "
        + "the image configuration (/etc/eksnode/eksnode.toml, /etc/eksnode/config.d/*.toml)\n", err());
  }

  @Test
  void validateRejectsAMalformedPinNamingFileLineAndKey() throws IOException {
    Path file = Files.writeString(temp.resolve("pins.toml"), "[plugin-pins]\nacme = \"md5:abc\"\n");

    assertEquals(2, run("validate", file.toString(), "--plugins-dir", noJars()));

    assertTrue(err().contains("  " + file + ", line 2, column 1: plugin-pins.acme: must be \"sha256:\" and 64 lower-case hex digits"),
        err());
  }

  @Test
  void validateReportsAMissingFile() throws IOException {
    Path missing = temp.resolve("missing.toml");

    assertEquals(2, run("validate", missing.toString(), "--plugins-dir", noJars()));

    assertEquals("eksnode: 1 configuration problem:\n  " + missing + ": no such file\n", err());
  }

  @Test
  void validateAcceptsAGoodFileAndNamesTheEnabledPlugins() throws IOException {
    Path file = Files.writeString(temp.resolve("good.toml"), "[cluster]\nname = \"demo\"\n[plugins.core]\nenabled = true\n");

    assertEquals(0, run("validate", file.toString(), "--plugins-dir", noJars()));

    // outposts is on by default (it skips off an Outpost).
    assertEquals("valid: 1 document; enabled plugins: core, outposts\n", out());
    assertEquals("", err());
  }

  @Test
  void pluginsExitsWith3AndNamesABrokenJar() throws IOException {
    Path plugins = Files.createDirectories(temp.resolve("plugins"));
    Path garbage = Files.write(plugins.resolve("x.jar"), new byte[] {1, 2, 3, 4});

    assertEquals(3, run("plugins", "--plugins-dir", plugins.toString()));

    assertTrue(out().contains("\ncore 0.1.0 (built-in), enabled by default\n"), out());
    assertEquals(
        "eksnode: 1 plugin problem:\n  plugin jar " + garbage + " failed to load: not a readable jar: zip END header not found\n",
        err());
  }

  @Test
  void bootstrapExitsWith3OnACycleAndWritesNothing() throws IOException {
    Path plugins = temp.resolve("plugins");
    PluginJar.plugin("loop")
        .enabledByDefault()
        .step("loop/a", Set.of("loop/c"))
        .step("loop/b", Set.of("loop/a"))
        .step("loop/c", Set.of("loop/b"))
        .buildIn(plugins);
    Path root = Files.createDirectories(temp.resolve("root"));

    assertEquals(3, run("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString()));

    assertEquals("eksnode: 1 plugin problem:\n  dependency cycle: loop/a -> loop/b -> loop/c -> loop/a\n", err());
    assertEquals("", out());
    try (var written = Files.list(root)) {
      assertEquals(0, written.count(), "nothing is written under the root");
    }
  }

  @Test
  void bootstrapExitsWith1WhenAStepFails() throws IOException {
    Path plugins = temp.resolve("plugins");
    PluginJar.plugin("acme").enabledByDefault().step("acme/hello", Set.of(), "/etc/acme/hello").buildIn(plugins);
    Path root = temp.resolve("root");
    // A directory where the step writes its file makes the write fail.
    Files.createDirectories(root.resolve("etc/acme/hello"));

    assertEquals(1, run("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString()));

    assertTrue(out().lines().anyMatch(line -> line.matches("failed +acme/hello +\\d+ ms  \\(cannot write /etc/acme/hello: .+\\)")), out());
    assertTrue(out().contains("\nfailed: "), out());
  }

  /** A jar whose plugin adds the command {@code boom}, which throws, and whose presets throw when {@code presets} is set. */
  private Path boomJar(boolean presets) {
    Path plugins = temp.resolve("plugins");
    PluginJar.named("boomer.jar")
        .source("com.example.boomer.BoomerPlugin", """
            package com.example.boomer;

            import dev.eksnode.spi.*;
            import java.util.List;

            public final class BoomerPlugin implements Plugin {
              @Override public String id() { return "boomer"; }
              @Override public String version() { return "1.0.0"; }
              @Override public String description() { return "Fails on purpose."; }
              @Override public boolean enabledByDefault() { return true; }
              @Override public List<Step> steps() { return List.of(); }
              @Override public List<ConfigPresets> configPresets() {
                if (%s) {
                  throw new IllegalStateException("presets are broken");
                }
                return List.of();
              }
              @Override public List<PluginCommand> commands() { return List.of(new Boom()); }
            }

            final class Boom implements PluginCommand {
              @Override public String name() { return "boom"; }
              @Override public String summary() { return "Fails."; }
              @Override public String usage() { return "eksnode boom"; }
              @Override public String help() { return "Fails.\\nExample: eksnode boom"; }
              @Override public Result run(List<String> arguments, Host host) {
                String nothing = arguments.isEmpty() ? null : "x";
                return new Result(nothing.length(), "", null);
              }
            }
            """.formatted(presets))
        .service("com.example.boomer.BoomerPlugin")
        .buildIn(plugins);
    return plugins;
  }

  @Test
  void reportsAPluginCommandsExceptionAsAnInternalErrorNamingThePluginInOneLine() {
    Path plugins = boomJar(false);

    assertEquals(70, run("boom", "--plugins-dir", plugins.toString()));

    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.getFirst().startsWith("eksnode: internal error in plugin 'boomer' while running 'boom': "
        + "java.lang.NullPointerException: "), err());
    assertTrue(lines.getFirst().contains("(at com.example.boomer.Boom.run(BoomerPlugin.java:"), err());
    assertTrue(lines.getFirst().endsWith("; --debug prints the stack trace"), err());
  }

  @Test
  void printsTheStackTraceOfAnInternalErrorWithDebug() {
    Path plugins = boomJar(false);

    assertEquals(70, run("boom", "--debug", "--plugins-dir", plugins.toString()));

    assertTrue(err().contains("\tat com.example.boomer.Boom.run(BoomerPlugin.java:"), err());
    assertFalse(err().contains("--debug prints the stack trace"), err());
  }

  @Test
  void blamesThePluginWhoseCodeThrewWhilePreparingARun() throws IOException {
    Path plugins = boomJar(true);
    Path root = Files.createDirectories(temp.resolve("root"));

    assertEquals(70, run("bootstrap", "--root", root.toString(), "--plugins-dir", plugins.toString()));

    assertTrue(err().startsWith("eksnode: internal error in plugin 'boomer' while running 'bootstrap': "
        + "java.lang.IllegalStateException: presets are broken (at com.example.boomer.BoomerPlugin.configPresets("), err());
  }

  @Test
  void helpCommandPrintsACommandsHelpWithItsOptions() {
    assertEquals(0, run("help", "plan"));

    assertTrue(out().startsWith("Dry run: show the step order and what each step would change. Writes nothing.\n"), out());
    assertTrue(out().contains("\nOptions:\n  --phase boot|image  the phase to plan (default boot)\n"), out());
  }

  @Test
  void helpOfAPluginCommandTakesTheExampleFromItsLastLine() {
    assertEquals(0, run("max-pods", "--help"));

    assertTrue(out().startsWith("Print the max pods"), out());
    assertTrue(out().contains("\nUsage: eksnode max-pods "), out());
    assertTrue(out().endsWith("\nExample:\n  eksnode max-pods --instance-type m5.large --prefix-delegation --cni-version 1.19.2\n"), out());
  }

  @Test
  void versionNamesEksnodeAndKernel() {
    assertEquals(0, run("version"));

    assertTrue(out().startsWith("eksnode 0.1.0-SNAPSHOT (kernel 0.1.0, Java "), out());
  }

  @Test
  void planWritesNothing() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    dev.eksnode.tck.emulator.BaseRoots.seed(dev.eksnode.tck.emulator.BaseRoots.EKS_AL2023, root);
    Path config = temp.resolve("node.toml");
    try (var demo = Cli.class.getResourceAsStream("demo/eksnode.toml");
        var instance = Cli.class.getResourceAsStream("demo/instance.json")) {
      Files.write(config, demo.readAllBytes());
      try (var imds = dev.eksnode.tck.emulator.MetadataEmulator.start(new String(instance.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))) {
        List<String> before = listing(root);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8), System.err, imds.environment())
            .run("plan", "--root", root.toString(), "--config", config.toString(), "--plugins-dir", noJars());
        String text = captured.toString(java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(0, code, text);
        assertTrue(text.startsWith("plan for the boot phase (dry run: nothing is written)\n"), text);
        assertTrue(text.contains("core/kubeconfig would:\n  write /var/lib/kubelet/kubeconfig (0600)\n"), text);
        assertEquals(before, listing(root), "plan changed the root");
      }
    }
  }

  private static List<String> listing(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      return files.map(f -> root.relativize(f) + " " + f.toFile().length() + " " + f.toFile().lastModified()).sorted().toList();
    }
  }

}
