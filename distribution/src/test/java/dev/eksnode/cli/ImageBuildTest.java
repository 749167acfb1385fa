package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.Snapshots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code eksnode image build --root R --config packer/variants/<v>.toml} over the plain AL2023 root:
 * what the build changes in the root and the action list (packages with versions, units) match the
 * case's snapshot, a second run changes nothing, and bad AMI configurations are refused before
 * anything is written.
 *
 * <p>Cases live in {@code src/test/resources/image-cases/<variant>/} in the conformance cases' form:
 * {@code expected/} (what the build created or changed, run reports excluded, with {@code
 * expected/.modes}), {@code expected-deleted.txt} when it deletes anything, and {@code
 * expected-actions.txt}; the starting root is {@code image-cases/al2023-plain}, and every path of it
 * the snapshot does not record must be untouched. Run with {@code -Deksnode.tck.update=true} (refused
 * under {@code CI}) to rewrite them.
 */
class ImageBuildTest {

  static final Path CASES = Path.of("src/test/resources/image-cases");
  /** The root every image case starts from: {@code /etc/os-release} of AL2023. */
  static final String PLAIN = "al2023-plain";
  static final Path VARIANTS = Path.of("../packer/variants");

  @TempDir Path temp;

  /** EC2 for core/instance-type-table: five instance types served two per page. */
  private static Ec2Emulator ec2;

  @BeforeAll
  static void startEc2() throws IOException {
    ec2 = Ec2Emulator.start(CASES.resolve("instance-types.json"));
  }

  @AfterAll
  static void stopEc2() {
    ec2.close();
  }

  static Map<String, String> environment() {
    Map<String, String> environment = new java.util.HashMap<>(ec2.environment());
    environment.put("AWS_REGION", "us-west-2");
    return environment;
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return run(environment(), args);
  }

  private int run(Map<String, String> environment, String... args) {
    out.reset();
    err.reset();
    Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        environment);
    return cli.run(args);
  }

  private Path plainRoot() throws IOException {
    Path root = temp.resolve("root");
    copyTree(CASES.resolve(PLAIN), root);
    return root;
  }

  private String noJars() throws IOException {
    return Files.createDirectories(temp.resolve("no-plugins")).toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"standard", "nvidia", "cis", "fips"})
  void buildsEachVariantIntoItsExpectedTreeAndActions(String variant) throws IOException {
    Path root = plainRoot();
    Path config = VARIANTS.resolve(variant + ".toml");
    int pagesBefore = ec2.requests().getOrDefault("DescribeInstanceTypes", 0);
    int code = run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", config.toString());
    Assumptions.assumeFalse(code == 2 && err.toString(StandardCharsets.UTF_8).contains("no plugin with this id is installed"),
        () -> variant + " needs plugins this build does not have yet: " + err.toString(StandardCharsets.UTF_8));
    assertEquals(0, code, () -> out + "\n" + err);

    assertEquals(3, ec2.requests().get("DescribeInstanceTypes") - pagesBefore, "five instance types, two per page");
    assertTrue(Files.readString(root.resolve("etc/eksnode/instance-types.json")).contains("\"t3.micro\""),
        "the table holds the last page's instance type");
    Path expected = CASES.resolve(variant);
    Snapshots.assertText(expected.resolve("expected-actions.txt"), String.join("\n", actions(root)) + "\n");
    Snapshots.assertChanges(expected.resolve("expected"), CASES.resolve(PLAIN), root);
  }

  @Test
  void secondRunOnTheSameRootChangesNothing() throws IOException {
    Path root = plainRoot();
    String config = VARIANTS.resolve("standard.toml").toString();
    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", config), () -> out + "\n" + err);
    Map<String, String> first = tree(root);

    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", config), () -> out + "\n" + err);

    assertEquals(List.of(), actions(root));
    assertEquals(first, tree(root));
    for (StepRecord step : report(root).steps()) {
      assertTrue(step.outcome().equals("unchanged") || step.outcome().equals("skipped"), step.id() + " " + step.outcome() + " " + step.changes());
    }
  }

  @Test
  void aChangedComponentVersionReinstallsOnlyThatPackage() throws IOException {
    Path root = plainRoot();
    Path standard = VARIANTS.resolve("standard.toml");
    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", standard.toString()),
        () -> out + "\n" + err);
    Path bumped = temp.resolve("bumped.toml");
    Files.writeString(bumped, Files.readString(standard).replace("containerd = \"1.7.25\"", "containerd = \"1.7.27\""));

    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", bumped.toString()),
        () -> out + "\n" + err);

    assertEquals(List.of(
        "core/packages: run dnf install -y 'dnf-command(versionlock)'",
        "core/packages: run dnf versionlock delete containerd",
        "core/packages: run dnf install -y containerd-1.7.27",
        "core/packages: run dnf versionlock add containerd-1.7.27"), actions(root));
    assertTrue(Files.readString(root.resolve("etc/eksnode/versions.json")).contains("\"containerd\" : \"1.7.27\""));
    assertTrue(Files.readString(root.resolve("etc/eksnode/sbom.json")).contains("pkg:generic/containerd@1.7.27"));
  }

  @Test
  void aBootSelectingABakedProfileReadsItBetweenTheImageDefaultsAndTheUsersFiles() throws IOException {
    Path root = plainRoot();
    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(),
        "--config", VARIANTS.resolve("standard.toml").toString()), () -> out + "\n" + err);
    Path user = temp.resolve("user.toml");
    Files.writeString(user, "profile = \"batch\"\n");
    Path batch = root.resolve("etc/eksnode/profiles/batch.toml");

    // A dry run against the metadata emulator: the join itself fails for want of a cluster, which is not the point here.
    try (MetadataEmulator metadata = MetadataEmulator.start(Path.of("src/main/resources/dev/eksnode/cli/demo/instance.json"))) {
      Map<String, String> environment = new java.util.HashMap<>(environment());
      environment.putAll(metadata.environment());
      run(environment, "plan", "--explain", "--root", root.toString(), "--plugins-dir", noJars(), "--config", user.toString());
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().map(line -> line.replaceAll(" {2,}# ", "  # ")).toList();
    assertEquals("profile 'batch' from " + batch, lines.getFirst(), () -> out.toString(StandardCharsets.UTF_8) + err);
    assertEquals("configuration (lowest precedence first: " + String.join(", ", root.resolve("etc/eksnode/eksnode.toml").toString(),
        root.resolve("etc/eksnode/config.d").toString(), batch.toString(), "imds://user-data", root.resolve("etc/eksnode/local.d").toString(),
        user.toString()) + "):", lines.get(1));
    assertTrue(lines.contains("  kubelet.config.podPidsLimit = 16384  # " + batch + ", line 4, column 1"), () -> String.join("\n", lines));
  }

  @Test
  void bakesPluginPinsFromTheAmiConfigurationsBootTableIntoTheImageConfiguration() throws IOException {
    Path root = plainRoot();
    String digest = "ab".repeat(32);
    Path ami = Files.writeString(temp.resolve("ami.toml"), Files.readString(VARIANTS.resolve("standard.toml"))
        + "\n[boot.plugin-pins]\nacme = \"sha256:" + digest + "\"\n");

    assertEquals(0, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", ami.toString()),
        () -> out + "\n" + err);

    assertEquals(new dev.eksnode.kernel.PluginPins(Map.of("acme", digest)), dev.eksnode.kernel.PluginPins.read(root));
  }

  @Test
  void refusesABadAmiConfigWithLocatedErrorsAndWritesNothing() throws IOException {
    Path root = plainRoot();
    Path config = temp.resolve("ami.toml");
    Files.writeString(config, """
        [image]
        kubernetesVersion = "1.31"
        colour = "blue"

        [image.components]
        kubelet = "1.30.4"
        containerd = "latest"

        [plugins.nvidiaa]
        enabled = true

        [boot]
        profile = "gpu"

        [boot.kubelet]
        configMode = "sideways"

        [profiles.batch.kubelet.maxPods]
        policy = "fixed"
        """);
    Map<String, String> before = tree(root);

    assertEquals(2, run("image", "build", "--root", root.toString(), "--plugins-dir", noJars(), "--config", config.toString()));

    String file = config.toString();
    assertEquals(String.join("\n",
        "eksnode: 7 configuration problems:",
        "  ami.toml, line 3, column 1: image.colour: unknown key (known keys: components, kubernetesVersion, pauseImage)",
        "  ami.toml, line 6, column 1: image.components.kubelet: kubelet 1.30.4 is not a 1.31 release"
            + " (use a 1.31.x kubelet or change image.kubernetesVersion)",
        "  ami.toml, line 7, column 1: image.components.containerd: \"latest\" is not a package version"
            + " (e.g. 1.7.25 or 1.7.25-1.amzn2023.0.1)",
        // The suggestion names the installed plugins, which depend on the build: only its presence is checked.
        "  ami.toml, line 9, column 1: plugins.nvidiaa: no plugin with this id is installed (...)",
        "  ami.toml, line 13, column 1: boot.profile: unknown profile 'gpu' (defined: batch)",
        "  ami.toml, line 16, column 1: boot.kubelet.configMode: \"sideways\" is not merge or replace",
        "  ami.toml, line 19, column 1: profiles.batch.kubelet.maxPods.policy: the fixed policy needs kubelet.maxPods.value",
        ""), err.toString(StandardCharsets.UTF_8).replace(file, "ami.toml")
        .replaceFirst("no plugin with this id is installed \\((installed: |did you mean )[^)]*\\)", "no plugin with this id is installed (...)"));
    assertEquals(before, tree(root));
    String refusal = err.toString(StandardCharsets.UTF_8);

    assertEquals(2, run("validate", "--plugins-dir", noJars(), config.toString()));
    assertEquals(refusal, err.toString(StandardCharsets.UTF_8), "validate reports what image build refuses");
  }

  @Test
  void validateAcceptsEveryVariantWhosePluginsAreInstalled() throws IOException {
    assertEquals(0, run("validate", "--plugins-dir", noJars(), VARIANTS.resolve("standard.toml").toString()), () -> err.toString());
    assertEquals("valid: 1 document; enabled plugins: core, outposts\n", out.toString(StandardCharsets.UTF_8));
  }

  private List<String> actions(Path root) {
    List<String> actions = new ArrayList<>();
    for (StepRecord step : report(root).steps()) {
      step.actions().forEach(action -> actions.add(step.id() + ": " + action));
    }
    return actions;
  }

  private static RunReport report(Path root) {
    return Kernel.readReport(root.resolve(Kernel.reportPath(Phase.IMAGE).substring(1)));
  }

  /** Every file under the root except run reports, as node path to content. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (!Files.exists(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String path = "/" + root.relativize(file).toString().replace('\\', '/');
        if (!path.startsWith(Kernel.REPORT_DIRECTORY + "/")) {
          files.put(path, Files.readString(file));
        }
      }
    }
    return files;
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  @Test
  void variantsDirectoryHasTheFourVariants() {
    for (String variant : List.of("standard", "nvidia", "cis", "fips")) {
      assertTrue(Files.isRegularFile(VARIANTS.resolve(variant + ".toml")), variant);
      assertTrue(Files.isRegularFile(VARIANTS.resolve(variant + ".pkrvars.hcl")), variant);
    }
  }
}
