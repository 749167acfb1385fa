package dev.eksnode.cli.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.Cli;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    Path report = root.resolve(Kernel.reportPath(Phase.BOOT).substring(1));
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
    Files.writeString(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)), Kernel.json(boot));
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

  /**
   * A node after a reboot whose boot phase changed nothing: the image enabled containerd, the kubelet and
   * the boot unit; the boot report manages the kubelet's drop-in and restarted nothing.
   */
  private void aRebootThatRestartedNothing() throws Exception {
    write("etc/systemd/system/containerd.service", "[Unit]", "rw-r--r--");
    write("etc/systemd/system/eksnode-bootstrap.service", "[Unit]", "rw-r--r--");
    write("etc/systemd/system/kubelet.service.d/10-eksnode.conf", "[Service]", "rw-r--r--");
    RunReport image = new RunReport("0.1.0", "image", root.toString(), "2026-01-01T00:00:00Z", 10, "succeeded", List.of(),
        List.of(new StepRecord("core/units", "core", "applied", "", 0, 1, List.of(), List.of("systemctl daemon-reload",
            "systemctl enable containerd.service", "systemctl enable kubelet.service", "systemctl enable eksnode-bootstrap.service"),
            List.of())),
        List.of(new ManagedFile("/etc/systemd/system/kubelet.service", "0644", sha256("[Unit]"), "core/units")));
    RunReport boot = new RunReport("0.1.0", "boot", root.toString(), "2026-01-02T00:00:00Z", 10, "succeeded", List.of(),
        List.of(new StepRecord("core/kubelet-service", "core", "unchanged", "", 0, 1, List.of(), List.of(), List.of())),
        List.of(new ManagedFile("/etc/systemd/system/kubelet.service.d/10-eksnode.conf", "0644", sha256("[Service]"),
            "core/kubelet-service")));
    Files.writeString(root.resolve(Kernel.reportPath(Phase.IMAGE).substring(1)), Kernel.json(image));
    Files.writeString(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)), Kernel.json(boot));
  }

  @Test
  void underARootAUnitKnownOnlyFromABootDropInNeedsNoUnitFileThere() throws Exception {
    // The unit may live where a distribution keeps its units (/lib/systemd/system); its state is checked live.
    aRebootThatRestartedNothing();
    Files.delete(root.resolve(Kernel.reportPath(Phase.IMAGE).substring(1)));
    Files.delete(root.resolve("etc/systemd/system/kubelet.service"));

    assertEquals(0, verify(), out.toString(StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("checked 1 files and 1 units"), text);
    assertTrue(text.contains("note: kubelet.service: state not checked (not a live node)"), text);
  }

  @Test
  void onALiveNodeAStoppedKubeletIsDriftThoughTheLastBootRestartedNothing() throws Exception {
    aRebootThatRestartedNothing();
    Map<String, String> systemd = new HashMap<>(Map.of(
        "is-enabled containerd.service", "enabled", "is-enabled kubelet.service", "enabled",
        "is-enabled eksnode-bootstrap.service", "enabled", "is-active containerd.service", "active",
        "is-active kubelet.service", "active", "is-active eksnode-bootstrap.service", "active"));
    Host host = new LiveHost(root, systemd);
    assertEquals(List.of(), NodeVerification.verify(root, host).drift());
    assertEquals(3, NodeVerification.verify(root, host).unitsChecked());

    systemd.put("is-active kubelet.service", "inactive");
    systemd.put("is-enabled containerd.service", "disabled");
    assertEquals(List.of(
            "containerd.service: expected enabled, found disabled (managed by core/units)",
            "kubelet.service: expected active, found inactive (managed by core/kubelet-service)"),
        NodeVerification.verify(root, host).drift().stream().map(Object::toString).toList());
  }

  @Test
  void beforeTheFirstBootTheUnitsTheImageEnabledNeedNotRun() throws Exception {
    aRebootThatRestartedNothing();
    Files.delete(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)));
    Map<String, String> systemd = Map.of("is-enabled containerd.service", "enabled", "is-enabled kubelet.service", "enabled",
        "is-enabled eksnode-bootstrap.service", "enabled");

    assertEquals(List.of(), NodeVerification.verify(root, new LiveHost(root, systemd)).drift());
  }

  /**
   * The node's files under a temporary root, with systemd's answers to {@code systemctl is-enabled} and
   * {@code is-active} from a map: {@link NodeVerification} takes a host that says it is live for that.
   */
  private static final class LiveHost implements Host {
    private final Host files;
    private final Map<String, String> systemd;

    LiveHost(Path root, Map<String, String> systemd) {
      this.files = Kernel.host(new RunOptions(root, false, Map.of(), Clock.systemUTC()));
      this.systemd = systemd;
    }

    @Override public boolean live() {
      return true;
    }

    @Override public CommandResult probe(List<String> command) {
      String answer = systemd.get(String.join(" ", command.subList(1, command.size())));
      return command.getFirst().equals("systemctl") && answer != null
          ? new CommandResult(answer.equals("active") || answer.equals("enabled") ? 0 : 3, answer + "\n", "")
          : new CommandResult(1, "", "no answer for " + command);
    }

    @Override public boolean exists(String path) {
      return files.exists(path);
    }

    @Override public Optional<byte[]> read(String path) {
      return files.read(path);
    }

    @Override public Optional<String> readString(String path) {
      return files.readString(path);
    }

    @Override public List<String> list(String directory) {
      return files.list(directory);
    }

    @Override public Optional<Integer> mode(String path) {
      return files.mode(path);
    }

    @Override public boolean write(String path, byte[] content, int mode) {
      throw new UnsupportedOperationException("verify-node writes nothing");
    }

    @Override public boolean delete(String path) {
      throw new UnsupportedOperationException("verify-node deletes nothing");
    }

    @Override public boolean createDirectories(String path, int mode) {
      throw new UnsupportedOperationException("verify-node creates nothing");
    }

    @Override public CommandResult run(List<String> command) {
      throw new UnsupportedOperationException("verify-node runs no command that changes the node");
    }

    @Override public void service(ServiceAction action, String unit) {
      throw new UnsupportedOperationException("verify-node does no service action");
    }

    @Override public Optional<String> env(String name) {
      return Optional.empty();
    }

    @Override public Clock clock() {
      return Clock.systemUTC();
    }
  }

  @Test
  void noReportIsNotAPass(@TempDir Path empty) {
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
        .run("verify-node", "--root", empty.toString());
    assertEquals(1, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("no run report"));
  }
}
