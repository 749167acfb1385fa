package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.tck.Snapshots;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report over the conformance cases' snapshot trees: an unhardened root fails with per-rule
 * evidence, and each hardened {@code expected/} root passes its profile.
 */
class ReportOnSnapshotsTest {

  private static final Path CASES = Path.of("src/test/tck/cases");

  @TempDir Path root;

  private ComplianceReport reportOnCase(String name) {
    Snapshots.seedExpected(CASES.resolve(name), ComplianceRuns.ROOTS, root);
    var recorded = RecordAppliedProfileStep.read(ComplianceRuns.host(root));
    return recorded.isPresent()
        ? ComplianceRuns.report(root, recorded.get().getKey(), recorded.get().getValue())
        : ComplianceRuns.report(root, List.of("cis-level1"), Map.of());
  }

  @Test
  void unhardenedSnapshotFailsWithEvidence() {
    ComplianceReport report = reportOnCase("al2023-unconfigured");

    assertFalse(report.passed());
    Evaluation syncookies = report.evaluations().stream().filter(e -> e.rule().id().equals("3.3.8")).findFirst().orElseThrow();
    assertEquals(Evaluation.Status.FAIL, syncookies.status());
    assertEquals("net.ipv4.tcp_syncookies = not configured", syncookies.evidence());
  }

  @Test
  void cisLevel1SnapshotPasses() {
    ComplianceReport report = reportOnCase("cis-level1-image");

    assertTrue(report.passed(), report.text());
    assertEquals(List.of("cis-level1"), report.profiles());
  }

  @Test
  void waiverSnapshotPassesWithTheRuleWaived() {
    ComplianceReport report = reportOnCase("cis-level1-waiver");

    assertTrue(report.passed(), report.text());
    assertEquals(Evaluation.Status.WAIVED,
        report.evaluations().stream().filter(e -> e.rule().id().equals("1.1.2.3")).findFirst().orElseThrow().status());
  }

  @Test
  void userKubeletConfigThatOpensTheReadOnlyPortIsTheOnlyFailureAfterARealJoin() throws Exception {
    Snapshots.seedExpected(CASES.resolve("join-user-read-only-port"), ComplianceRuns.ROOTS, root);
    // The kit leaves run reports out of snapshots; the boot report is what says the root has booted.
    java.nio.file.Files.createDirectories(root.resolve("var/lib/eksnode/reports"));
    java.nio.file.Files.writeString(root.resolve("var/lib/eksnode/reports/boot.json"), "{}");
    ComplianceReport report = ComplianceRuns.report(root, List.of("cis-level1"), Map.of());

    List<Evaluation> failures = report.evaluations().stream().filter(e -> e.status() == Evaluation.Status.FAIL).toList();
    assertEquals(List.of("eks-3.2.4"), failures.stream().map(e -> e.rule().id()).toList(), report.text());
    assertEquals("readOnlyPort = 10255 (/etc/kubernetes/kubelet/config.json.d/00-eksnode-user.conf)", failures.getFirst().evidence());
    Evaluation anonymous = report.evaluations().stream().filter(e -> e.rule().id().equals("eks-3.2.1")).findFirst().orElseThrow();
    assertEquals("authentication.anonymous.enabled = false (/etc/kubernetes/kubelet/config.json)", anonymous.evidence());
    Evaluation kubeconfig = report.evaluations().stream().filter(e -> e.rule().id().equals("eks-3.1.1")).findFirst().orElseThrow();
    assertEquals("/var/lib/kubelet/kubeconfig mode 0600", kubeconfig.evidence());
  }

  @Test
  void stigSnapshotPasses() {
    ComplianceReport report = reportOnCase("stig-image-and-boot");

    assertTrue(report.passed(), report.text());
    assertEquals(List.of("stig"), report.profiles());
  }
}
