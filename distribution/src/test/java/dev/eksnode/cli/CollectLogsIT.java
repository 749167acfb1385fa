package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.diagnose.LogBundle;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksnode collect-logs}: the bundle is read back with the real tar. */
class CollectLogsIT {

  @TempDir Path root;
  @TempDir Path work;

  private static final String PROXY_ENV = "HTTPS_PROXY=http://alice:s3cret@proxy.corp:3128\nNO_PROXY=localhost\n";

  private void node() throws Exception {
    Path env = root.resolve("etc/eksnode/proxy.env");
    Files.createDirectories(env.getParent());
    Files.writeString(env, PROXY_ENV);
    Path log = root.resolve("var/log/eksnode/eksnode.log");
    Files.createDirectories(log.getParent());
    Files.write(log, new byte[3 * 1024 * 1024]);
    RunReport boot = new RunReport("0.1.0", "boot", root.toString(), "2026-01-01T00:00:00Z", 1, "succeeded",
        List.of(), List.of(), List.of(new ManagedFile("/etc/eksnode/proxy.env", "0600", "x", "proxy/environment")));
    Path report = root.resolve("var/lib/eksnode/reports/boot.json");
    Files.createDirectories(report.getParent());
    Files.writeString(report, Kernel.json(boot));
  }

  private String tar(String... arguments) throws Exception {
    Process process = new ProcessBuilder(List.of(arguments)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  @Test
  void bundlesReportsAndManagedFilesWithSecretsRedacted() throws Exception {
    node();
    Path bundle = work.resolve("logs.tar.gz");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
        .run("collect-logs", "--root", root.toString(), "--output", bundle.toString());

    assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)));
    String listing = tar("tar", "-tzf", bundle.toString());
    assertEquals(List.of("index.txt", "reports/boot.json", "files/etc/eksnode/proxy.env", "files/var/log/eksnode/eksnode.log"),
        listing.lines().toList());
    String env = tar("tar", "-xzOf", bundle.toString(), "files/etc/eksnode/proxy.env");
    assertEquals("HTTPS_PROXY=http://***@proxy.corp:3128\nNO_PROXY=localhost\n", env);
    String index = tar("tar", "-xzOf", bundle.toString(), "index.txt");
    assertTrue(index.contains("files/var/log/eksnode/eksnode.log\t" + LogBundle.FILE_LIMIT + "\t"), index);
    assertTrue(index.contains("truncated to " + LogBundle.FILE_LIMIT + " bytes"), index);
    assertTrue(index.contains("not collected: not a live node"), index);
    assertFalse(tar("tar", "-xzOf", bundle.toString()).contains("s3cret"), "no entry holds the password");
  }

  @Test
  void redactsEveryKindOfSecret() {
    assertEquals("url = \"https://***@host/x\"", LogBundle.redact("url = \"https://user:pw@host/x\""));
    assertEquals("  token: ***", LogBundle.redact("  token: abc.def"));
    assertEquals("AWS_SECRET_ACCESS_KEY=***", LogBundle.redact("AWS_SECRET_ACCESS_KEY=wJalr"));
    assertEquals("a\n-----REDACTED PRIVATE KEY-----\nb",
        LogBundle.redact("a\n-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\nb"));
    assertEquals("server: https://api.example.com", LogBundle.redact("server: https://api.example.com"));
  }
}
