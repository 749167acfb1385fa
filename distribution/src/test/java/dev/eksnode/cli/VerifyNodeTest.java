package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyNodeTest {

  @TempDir Path root;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void aNodeAsItsLastBootLeftIt() throws Exception {
    write("etc/kubernetes/pki/ca.crt", "CA", "rw-r--r--");
    write("var/lib/kubelet/kubeconfig", "KUBECONFIG", "rw-------");
    write("etc/systemd/system/kubelet.service", "[Unit]", "rw-r--r--");
    RunReport boot = new RunReport("0.1.0", "boot", root.toString(), "2026-01-01T00:00:00Z", 10, "succeeded", List.of(),
        List.of(new StepRecord("core/kubelet-service", "core", "applied", "", 0, 1, List.of(),
            List.of("systemctl daemon-reload", "systemctl restart kubelet.service"), List.of())),
        List.of(
            new ManagedFile("/etc/kubernetes/pki/ca.crt", "0644", sha256("CA"), "core/cluster-ca"),
            new ManagedFile("/var/lib/kubelet/kubeconfig", "0600", sha256("KUBECONFIG"), "core/kubeconfig")));
    Path report = root.resolve(Kernel.reportPath(dev.eksnode.spi.Phase.BOOT).substring(1));
    Files.createDirectories(report.getParent());
    Files.writeString(report, Kernel.json(boot));
  }

  private void write(String path, String content, String permissions) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private int verify() {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
        .run("verify-node", "--root", root.toString());
  }

  @Test
  void anUntouchedNodeHasNoDrift() {
    assertEquals(0, verify());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("checked 2 files and 1 units"), text);
    assertTrue(text.contains("no drift"), text);
  }

  @Test
  void listsEveryDriftWithTheStepThatManagesIt() throws Exception {
    Files.writeString(root.resolve("etc/kubernetes/pki/ca.crt"), "EDITED");
    Files.setPosixFilePermissions(root.resolve("var/lib/kubelet/kubeconfig"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(root.resolve("etc/systemd/system/kubelet.service"));

    assertEquals(1, verify());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("3 drifts:"), text);
    assertTrue(text.contains("/etc/kubernetes/pki/ca.crt content: expected sha256 " + sha256("CA").substring(0, 12)), text);
    assertTrue(text.contains("(managed by core/cluster-ca)"), text);
    assertTrue(text.contains("/var/lib/kubelet/kubeconfig mode: expected 0600, found 0644 (managed by core/kubeconfig)"), text);
    assertTrue(text.contains("kubelet.service: expected a unit file"), text);
  }

  @Test
  void aMissingFileIsDrift() throws Exception {
    Files.delete(root.resolve("var/lib/kubelet/kubeconfig"));

    assertEquals(1, verify());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("/var/lib/kubelet/kubeconfig: expected a file, found nothing"));
  }

  /** A boot report whose only file, {@code /etc/eksnode/proxy.env} (0600), has only a keyed digest. */
  private void aPrivateFileWithAKeyedDigest(boolean withKey) throws Exception {
    byte[] key = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    write("etc/eksnode/proxy.env", "HTTPS_PROXY=http://u:pw@proxy:3128", "rw-------");
    if (withKey) {
      write("var/lib/eksnode/reports/digest.key", HexFormat.of().formatHex(key) + "\n", "rw-------");
    }
    String digest = ManagedFile.keyedDigest(key, "HTTPS_PROXY=http://u:pw@proxy:3128".getBytes(StandardCharsets.UTF_8));
    RunReport boot = new RunReport("0.1.0", "boot", root.toString(), "2026-01-01T00:00:00Z", 10, "succeeded", List.of(),
        List.of(), List.of(new ManagedFile("/etc/eksnode/proxy.env", "0600", null, digest, "proxy/environment")));
    Files.writeString(root.resolve(Kernel.reportPath(dev.eksnode.spi.Phase.BOOT).substring(1)), Kernel.json(boot));
  }

  @Test
  void checksAPrivateFilesContentWithTheReportKey() throws Exception {
    aPrivateFileWithAKeyedDigest(true);
    assertEquals(0, verify(), out.toString(StandardCharsets.UTF_8));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("checked 1 files"), out.toString(StandardCharsets.UTF_8));

    out.reset();
    write("etc/eksnode/proxy.env", "HTTPS_PROXY=http://u:other@proxy:3128", "rw-------");
    assertEquals(1, verify());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains(
        "/etc/eksnode/proxy.env content: expected the content the last run wrote (keyed digest), found other content"
            + " (changed since the last run, or /var/lib/eksnode/reports/digest.key was replaced)"
            + " (managed by proxy/environment)"), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheReportKeyStillChecksAPrivateFilesModeAndSaysItsContentWasNotChecked() throws Exception {
    aPrivateFileWithAKeyedDigest(false);
    Files.setPosixFilePermissions(root.resolve("etc/eksnode/proxy.env"), PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(1, verify());
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("/etc/eksnode/proxy.env mode: expected 0600, found 0644"), text);
    assertTrue(text.contains("note: content not checked (run verify-node as root: the report keeps no plain digest of a file"
        + " that is not world-readable, and /var/lib/eksnode/reports/digest.key or the file cannot be read):"
        + " /etc/eksnode/proxy.env"), text);
  }

  @Test
  void noReportIsNotAPass(@TempDir Path empty) {
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
        .run("verify-node", "--root", empty.toString());
    assertEquals(1, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("no run report"));
  }
}
