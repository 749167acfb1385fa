package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendor example from a clean copy: builds {@code examples/vendor-plugin} as a separate Maven
 * project with this checkout's Maven Wrapper, offline, against this build's spi, node-api and tck
 * artifacts, runs its conformance tests, then drops its jar into a plugins directory of the packaged
 * CLI and sees its steps run in {@code eksnode image build} and {@code eksnode bootstrap --root}.
 *
 * <p>The example resolves eksnode's artifacts from a private local repository this test fills with
 * the freshly built jars and poms (nothing is installed into the shared one), and everything else
 * read-only from the outer build's local repository, chained as Maven's {@code maven.repo.local.tail}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VendorPluginIT {

  private static final String JAR = "acme-eksnode-plugin-1.0.0.jar";

  /** The eksnode modules the example needs, as artifact id and module directory; parents have no jar. */
  private static final List<String[]> ARTIFACTS = List.of(
      new String[] {"eksnode-parent", ".", "pom"},
      new String[] {"eksnode-tck-parent", "tck", "pom"},
      new String[] {"eksnode-spi", "spi", "jar"},
      new String[] {"eksnode-node-api", "node-api", "jar"},
      new String[] {"eksnode-kernel", "kernel", "jar"},
      new String[] {"eksnode-emulators", "tck/emulators", "jar"},
      new String[] {"eksnode-tck", "tck/kit", "jar"});

  @TempDir static Path work;

  static Path checkout;
  static Path home;
  static Path project;
  static String buildLog;
  static int buildExit;

  @BeforeAll
  static void buildTheExample() throws Exception {
    checkout = Path.of(System.getProperty("eksnode.checkout")).toRealPath();
    home = Path.of(System.getProperty("eksnode.home"));
    String version = System.getProperty("eksnode.version");
    Path repository = work.resolve("repository");
    for (String[] artifact : ARTIFACTS) {
      install(repository, artifact[0], checkout.resolve(artifact[1]), version, artifact[2].equals("jar"));
    }
    project = work.resolve("vendor-plugin");
    copyTree(checkout.resolve("examples/vendor-plugin"), project);

    List<String> command = List.of(
        checkout.resolve("mvnw").toString(), "-B", "-o", "-f", project.resolve("pom.xml").toString(),
        "-Dmaven.repo.local=" + repository,
        "-Dmaven.repo.local.tail=" + System.getProperty("eksnode.localRepository"),
        "-Deksnode.version=" + version,
        "package");
    Path log = work.resolve("vendor-build.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_OPTS");
    builder.environment().remove("MAVEN_ARGS");
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the vendor build did not finish in 10 minutes");
    }
    buildExit = process.exitValue();
    buildLog = Files.readString(log);
  }

  /** Puts a module's pom (and jar) where a local repository keeps them, as {@code mvn install} would. */
  private static void install(Path repository, String artifactId, Path module, String version, boolean jar)
      throws IOException {
    Path directory = repository.resolve("dev/eksnode").resolve(artifactId).resolve(version);
    Files.createDirectories(directory);
    Files.copy(module.resolve("pom.xml"), directory.resolve(artifactId + "-" + version + ".pom"));
    if (jar) {
      Path built = module.resolve("target").resolve(artifactId + "-" + version + ".jar");
      assertTrue(Files.isRegularFile(built), built + " is not built; run the reactor build up to package first");
      Files.copy(built, directory.resolve(artifactId + "-" + version + ".jar"));
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  @Test
  @Order(1)
  void buildsOfflineAgainstThisBuildsArtifactsAndPassesTheConformanceKit() throws IOException {
    assertEquals(0, buildExit, () -> "the vendor build failed:\n" + tail(buildLog));
    assertTrue(Files.isRegularFile(project.resolve("target").resolve(JAR)), "no " + JAR + " built");
    String report = Files.readString(project.resolve("target/surefire-reports/com.example.acme.AcmeConformanceTest.txt"));
    // 17: every case and rule, the bad-config samples, the kit's unknown-key sample and its documented-keys check.
    assertTrue(report.contains("Tests run: 17, Failures: 0, Errors: 0, Skipped: 0"), report);
    assertTrue(Files.notExists(work.resolve("repository/org")),
        "the build downloaded into the private repository instead of reading the shared one");
  }

  record Run(int exit, String stdout, String stderr) {}

  private static Run eksnode(Map<String, String> environment, String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/eksnode").toString());
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile(work, "stdout", ".txt");
    Path err = Files.createTempFile(work, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "eksnode " + String.join(" ", arguments) + " did not finish");
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  @Order(2)
  void theJarInAPluginsDirectoryRunsItsStepsInImageBuildAndBootstrap() throws Exception {
    assertEquals(0, buildExit, "the vendor build failed; see the first test");
    Path plugins = Files.createDirectories(work.resolve("plugins"));
    Files.copy(project.resolve("target").resolve(JAR), plugins.resolve(JAR));
    Path root = work.resolve("root");
    BaseRoots.shipped().seed("al2023", root);
    Path config = work.resolve("node.toml");
    Files.writeString(config, """
        [cluster]
        name = "vendor-it"
        apiServerEndpoint = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com"
        serviceCidr = "10.100.0.0/16"
        certificateAuthority = "%s"

        [plugins.acme]
        enabled = true
        tags = ["team=platform"]
        """.formatted(demoCertificate()));

    // The image phase bakes the instance type table from EC2, as it would in a Packer build.
    try (MetadataEmulator metadata = MetadataEmulator.start(BaseRoots.shipped().instanceJson("al2023"));
        Ec2Emulator ec2 = Ec2Emulator.start("""
            {"instanceTypes": {"m5.large": {"vcpus": 2, "memoryMiB": 8192, "maximumNetworkInterfaces": 3,
              "ipv4AddressesPerInterface": 10, "hypervisor": "nitro"}}}""")) {
      Map<String, String> environment = new java.util.HashMap<>(metadata.environment());
      environment.putAll(ec2.environment());
      String[] common = {"--root", root.toString(), "--plugins-dir", plugins.toString(), "--config", config.toString()};

      Run listed = eksnode(environment, "plugins", "--root", root.toString(), "--plugins-dir", plugins.toString());
      assertEquals(0, listed.exit(), listed.stderr());
      assertTrue(listed.stdout().contains("acme 1.0.0 (" + plugins.resolve(JAR) + ")"), listed.stdout());

      Run image = eksnode(environment, concat("image", "build", common));
      assertEquals(0, image.exit(), image.stdout() + image.stderr());
      assertStep(image.stdout(), "applied", "acme/agent-unit");

      Run boot = eksnode(environment, concat("bootstrap", common));
      assertEquals(0, boot.exit(), boot.stdout() + boot.stderr());
      assertStep(boot.stdout(), "applied", "acme/agent-config");

      Run again = eksnode(environment, concat("bootstrap", common));
      assertEquals(0, again.exit(), again.stdout() + again.stderr());
      assertStep(again.stdout(), "unchanged", "acme/agent-config");

      // Pinned as an image builder would: keyed by the manifest's Plugin-Id, not the file name.
      Run pins = eksnode(environment, "plugins", "--format", "pins", "--plugins-dir", plugins.toString());
      assertEquals(0, pins.exit(), pins.stderr());
      assertTrue(pins.stdout().startsWith("[plugin-pins]\nacme = \"sha256:"), pins.stdout());
      Files.createDirectories(root.resolve("etc/eksnode"));
      Files.writeString(root.resolve("etc/eksnode/eksnode.toml"), "\n" + pins.stdout(),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Run pinned = eksnode(environment, concat("bootstrap", common));
      assertEquals(0, pinned.exit(), pinned.stdout() + pinned.stderr());
      assertStep(pinned.stdout(), "unchanged", "acme/agent-config");
    }
    assertEquals("ACME_ENDPOINT=https://collector.acme.example.com\nACME_LOG_LEVEL=info\nACME_TAGS=team=platform\nACME_GPUS=0\n",
        Files.readString(root.resolve("etc/acme/agent.env")));
    assertTrue(Files.isRegularFile(root.resolve("etc/systemd/system/acme-agent.service")));
    String report = Files.readString(root.resolve("var/lib/eksnode/reports/boot.json"));
    assertTrue(report.contains("\"source\" : \"" + plugins.resolve(JAR) + "\""), report);
  }

  private static String[] concat(String first, String... rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
  }

  private static String[] concat(String first, String second, String... rest) {
    return Stream.concat(Stream.of(first, second), Stream.of(rest)).toArray(String[]::new);
  }

  private static void assertStep(String stdout, String outcome, String step) {
    assertTrue(Pattern.compile("(?m)^" + outcome + "\\s+" + Pattern.quote(step) + "\\s").matcher(stdout).find(),
        "expected a line '" + outcome + " " + step + "' in:\n" + stdout);
  }

  /** The cluster CA of the CLI's built-in demo, a real self-signed certificate. */
  private static String demoCertificate() throws IOException {
    try (var in = Cli.class.getResourceAsStream("demo/eksnode.toml")) {
      String demo = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      var matcher = Pattern.compile("certificateAuthority = \"([^\"]+)\"").matcher(demo);
      assertTrue(matcher.find(), "the demo configuration has no certificateAuthority");
      return matcher.group(1);
    }
  }
}
