package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksnode.cli.Cli;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy credentials in the configuration reach the services that need them and nothing else: not
 * standard output or error, not the run report (not even as a digest of the file that holds them),
 * not the plan, and no file readable beyond its owner. {@link SecretsIT} repeats this with debug
 * logging on.
 */
class SecretsTest {

  /** In the proxy plugin's HTTPS proxy URL, which eksnode's own AWS calls use too. */
  static final String PASSWORD = "s3cr3t-Pa55word";
  /** In the proxy plugin's HTTP proxy URL; both land in {@code /etc/eksnode/proxy.env}. */
  static final String PROXY_PASSWORD = "pr0xy-Pa55word";
  static final String PROXY_ENV = "/etc/eksnode/proxy.env";

  /** The demo node with both proxy URLs, credentials included; the configuration file is 0600. */
  static void seed(Path root) throws IOException {
    CrashConsistencyIT.seed(root, CrashConsistencyIT.resource("demo/eksnode.toml") + """

        [plugins.proxy]
        enabled = true
        httpsProxy = "http://user:%s@proxy.internal:3128"
        httpProxy = "http://node:%s@proxy.corp.example:3128"
        noProxy = ["127.0.0.1", "localhost"]
        """.formatted(PASSWORD, PROXY_PASSWORD));
    Files.setPosixFilePermissions(root.resolve("etc/eksnode/eksnode.toml"), PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * The node paths under root whose content holds any of the secrets; fails when one is a run report
   * or is readable by group or others.
   */
  static List<String> holders(Path root, Collection<String> secrets) throws IOException {
    List<String> holders = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        if (secrets.stream().noneMatch(content::contains)) {
          continue;
        }
        String path = "/" + root.relativize(file);
        holders.add(path);
        assertFalse(path.startsWith(Kernel.REPORT_DIRECTORY + "/"), "a secret reached the run report " + path);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        assertFalse(mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ),
            path + " holds a secret and is readable beyond its owner: " + PosixFilePermissions.toString(mode));
      }
    }
    return holders;
  }

  static String mode(Path root, String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path.substring(1))));
  }

  @Test
  void proxyPasswordsReachNoOutputReportOrWorldReadableFile(@TempDir Path root) throws Exception {
    seed(root);
    List<String> outputs = runEveryCommand(root, CrashConsistencyIT.resource("demo/instance.json"));
    for (String output : outputs) {
      assertFalse(output.contains(PASSWORD) || output.contains(PROXY_PASSWORD), "a password reached the output of " + output);
    }
    assertTrue(outputs.getLast().contains("no drift"), "every managed file has the mode its step gave it: " + outputs.getLast());
    assertEquals(List.of("/etc/eksnode/eksnode.toml", PROXY_ENV), holders(root, List.of(PASSWORD, PROXY_PASSWORD)).stream().sorted().toList());

    // The report: world-readable, with no plain digest of the private file.
    String reportPath = Kernel.reportPath(Phase.BOOT);
    RunReport report = Kernel.readReport(root.resolve(reportPath.substring(1)));
    ManagedFile proxyEnv = report.files().stream().filter(f -> f.path().equals(PROXY_ENV)).findFirst().orElseThrow();
    assertEquals("0600", proxyEnv.mode());
    assertNull(proxyEnv.sha256(), "a plain digest of a file that holds a password");
    assertTrue(proxyEnv.keyedSha256() != null && proxyEnv.keyedSha256().matches("[0-9a-f]{64}"), proxyEnv.toString());
    String plainDigest = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(root.resolve(PROXY_ENV.substring(1)))));
    assertFalse(Files.readString(root.resolve(reportPath.substring(1))).contains(plainDigest), "the report holds proxy.env's SHA-256");
    assertEquals("rw-r--r--", mode(root, reportPath));
    assertEquals("rw-------", mode(root, Kernel.REPORT_KEY));
    assertEquals("rw-------", mode(root, PROXY_ENV));
  }

  @Test
  void aProxyPasswordInNodeConfigUserDataReachesOnlyTheRootOnlyEnvironmentFile(@TempDir Path root) throws Exception {
    CrashConsistencyIT.seed(root, CrashConsistencyIT.resource("demo/eksnode.toml"));
    ObjectNode instance = (ObjectNode) new ObjectMapper().readTree(CrashConsistencyIT.resource("demo/instance.json"));
    instance.put("user-data", """
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          instance:
            environment:
              default:
                HTTPS_PROXY: http://user:%s@proxy.internal:3128
                NO_PROXY: .internal,127.0.0.1
        """.formatted(PASSWORD));
    for (String output : runEveryCommand(root, instance.toString())) {
      assertFalse(output.contains(PASSWORD), "a password reached the output of " + output);
    }
    assertEquals(List.of(PROXY_ENV), holders(root, List.of(PASSWORD)), "user data is not kept on the root");
  }

  /**
   * A drop-in with {@code Environment="AWS_SECRET_ACCESS_KEY=..."} and a systemd manager drop-in with
   * a default environment holding a session token and a proxy password, both world-readable and managed
   * (so bundled), and a 0600 token file: the bundle and its index hold none of the secrets, the token
   * file is listed and not copied.
   */
  @Test
  void collectLogsBundlesNoSecretOfADropInTheManagerEnvironmentOrAPrivateFile(@TempDir Path root, @TempDir Path work)
      throws Exception {
    String secretKey = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY";
    String sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE-session-token-42";
    String token = "vendor-agent-enrol-7731";
    Map<String, String> files = Map.of(
        "/etc/systemd/system/kubelet.service.d/50-aws.conf", "[Service]\nEnvironment=\"AWS_SECRET_ACCESS_KEY=" + secretKey + "\"\n",
        "/etc/systemd/system.conf.d/50-environment.conf", "[Manager]\nDefaultEnvironment=\"AWS_SESSION_TOKEN=" + sessionToken
            + "\" \"HTTPS_PROXY=http://node:" + PROXY_PASSWORD + "@proxy.internal:3128\"\n",
        "/etc/acme/token", token + "\n");
    List<ManagedFile> managed = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey().substring(1));
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
      String mode = file.getKey().equals("/etc/acme/token") ? "rw-------" : "rw-r--r--";
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
      managed.add(new ManagedFile(file.getKey(), mode.equals("rw-------") ? "0600" : "0644", null, "test/step"));
    }
    Path report = root.resolve(Kernel.reportPath(Phase.BOOT).substring(1));
    Files.createDirectories(report.getParent());
    Files.writeString(report, Kernel.json(new RunReport("0.1.0", "boot", root.toString(), "2026-01-01T00:00:00Z", 1,
        "succeeded", List.of(), List.of(), managed)));
    Path bundle = work.resolve("logs.tar.gz");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, o, Map.of(), InputStream.nullInputStream())
          .run("collect-logs", "--root", root.toString(), "--output", bundle.toString());
    }
    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    Path unpacked = Files.createDirectories(work.resolve("bundle"));
    Process tar = new ProcessBuilder("tar", "-xzf", bundle.toString(), "-C", unpacked.toString()).start();
    assertTrue(tar.waitFor(1, java.util.concurrent.TimeUnit.MINUTES) && tar.exitValue() == 0, "tar could not read the bundle");

    String dropIn = Files.readString(unpacked.resolve("files/etc/systemd/system/kubelet.service.d/50-aws.conf"));
    assertEquals("[Service]\nEnvironment=\"AWS_SECRET_ACCESS_KEY=****\"\n", dropIn);
    assertEquals("[Manager]\nDefaultEnvironment=\"AWS_SESSION_TOKEN=****\" \"HTTPS_PROXY=http://****@proxy.internal:3128\"\n",
        Files.readString(unpacked.resolve("files/etc/systemd/system.conf.d/50-environment.conf")));
    assertFalse(Files.exists(unpacked.resolve("files/etc/acme/token")), "a 0600 file was copied into the bundle");
    assertTrue(Files.readString(unpacked.resolve("index.txt")).contains("files/etc/acme/token\t0\t/etc/acme/token\tnot copied: mode 0600"),
        Files.readString(unpacked.resolve("index.txt")));
    List<String> secrets = List.of(secretKey, sessionToken, token, PROXY_PASSWORD);
    try (Stream<Path> walk = Files.walk(unpacked)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String content = Files.readString(file);
        secrets.forEach(secret -> assertFalse(content.contains(secret), secret + " reached the bundle's " + unpacked.relativize(file)));
      }
    }
    secrets.forEach(secret -> assertFalse(out.toString(StandardCharsets.UTF_8).contains(secret), "the output holds " + secret));
  }

  /** A password holding an {@code @} leaves the URL without a host: the refusal names the key and hides the credentials. */
  @Test
  void aRefusedProxyUrlWhosePasswordHoldsAnAtIsNotEchoed(@TempDir Path root) throws Exception {
    String password = "pa@ss-W0rd-9";
    CrashConsistencyIT.seed(root, CrashConsistencyIT.resource("demo/eksnode.toml") + """

        [plugins.proxy]
        enabled = true
        httpsProxy = "http://user:%s@proxy.internal:3128"
        """.formatted(password));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, o, Map.of(), InputStream.nullInputStream()).run("validate", "--root", root.toString());
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, text);
    assertTrue(text.contains("plugins.proxy.httpsProxy: \"http://****@proxy.internal:3128\" has no host"), text);
    assertFalse(text.contains("pa@ss") || text.contains("W0rd"), text);
  }

  /** plan, bootstrap and verify-node over root, each must exit 0; their outputs, each after its command line. */
  private static List<String> runEveryCommand(Path root, String instance) throws IOException {
    List<String> outputs = new ArrayList<>();
    try (MetadataEmulator imds = MetadataEmulator.start(instance)) {
      for (List<String> args : List.of(
          List.of("plan", "--root", root.toString(), "--explain"),
          List.of("plan", "--root", root.toString(), "--output", "json"),
          List.of("bootstrap", "--root", root.toString()),
          List.of("bootstrap", "--root", root.toString(), "--output", "json"),
          List.of("verify-node", "--root", root.toString()))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8)) {
          code = new Cli(o, o, imds.environment(), InputStream.nullInputStream()).run(args.toArray(String[]::new));
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, args + ":\n" + text);
        outputs.add(String.join(" ", args) + ":\n" + text);
      }
    }
    return outputs;
  }
}
