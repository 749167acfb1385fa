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
