package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image phase over an AL2023-like root, judged by the compliance report itself. */
class ImageHardeningTest {

  private static final String CIS1 = "[plugins.compliance]\nenabled = true\n";

  @TempDir Path root;

  private static Map<String, String> statuses(ComplianceReport report) {
    return report.evaluations().stream()
        .collect(Collectors.toMap(e -> e.rule().id(), e -> e.status().word(), (a, b) -> a, TreeMap::new));
  }

  private static List<String> withStatus(ComplianceReport report, Evaluation.Status status) {
    return report.evaluations().stream().filter(e -> e.status() == status).map(e -> e.rule().id()).toList();
  }

  private static Evaluation evaluation(ComplianceReport report, String id) {
    return report.evaluations().stream().filter(e -> e.rule().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void untouchedAl2023RootFailsTheExpectedRulesWithEvidence() {
    ComplianceRuns.al2023(root);
    ComplianceReport report = ComplianceRuns.report(root, List.of("cis-level1"), Map.of());

    assertFalse(report.passed());
    assertEquals(
        List.of("1.1.1.4", "1.1.1.5", "1.1.1.6", "1.1.1.7", "1.1.9", "1.1.2.3", "1.1.8.2", "1.1.8.3", "1.1.8.4",
            "3.2.2", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6", "3.3.8",
            "4.2.7", "4.2.16", "4.2.17", "4.2.19", "4.2.20", "6.1.2"),
        withStatus(report, Evaluation.Status.FAIL));
    assertEquals("/tmp options mode=1777,strictatime,nosuid,nodev,size=50%%,nr_inodes=1m (/usr/lib/systemd/system/tmp.mount)",
        evaluation(report, "1.1.2.3").evidence());
    assertEquals("PermitRootLogin prohibit-password (not set: sshd default)", evaluation(report, "4.2.7").evidence());
    assertEquals("/etc/passwd- mode 0664", evaluation(report, "6.1.2").evidence());
    // systemd's glob covers the IPv4 keys; nothing configures the IPv6 ones.
    assertEquals("net.ipv4.conf.all.accept_source_route = 0 (/usr/lib/sysctl.d/50-default.conf); "
        + "net.ipv4.conf.default.accept_source_route = 0 (/usr/lib/sysctl.d/50-default.conf); "
        + "net.ipv6.conf.all.accept_source_route = not configured; net.ipv6.conf.default.accept_source_route = not configured",
        evaluation(report, "3.3.1").evidence());
  }

  @Test
  void exceptionsAreReportedWithReasonAndTheValueFound() {
    ComplianceRuns.al2023(root);
    Evaluation forwarding = evaluation(ComplianceRuns.report(root, List.of("cis-level1"), Map.of()), "3.2.1");

    assertEquals(Evaluation.Status.NOT_APPLICABLE, forwarding.status());
    assertTrue(forwarding.evidence().startsWith("documented exception: Pods reach each other"), forwarding.evidence());
    assertTrue(forwarding.evidence().contains("net.ipv4.ip_forward = 1 (/etc/sysctl.d/99-kubernetes-cri.conf)"), forwarding.evidence());
  }

  @Test
  void afterTheImagePhaseWithCisLevel1EveryRulePassesOrDoesNotApply() throws Exception {
    ComplianceRuns.al2023(root);
    RunReport run = ComplianceRuns.run(root, Phase.IMAGE, CIS1);
    assertTrue(run.succeeded(), run.toString());

    ComplianceReport report = ComplianceRuns.report(root, List.of("cis-level1"), Map.of());
    assertTrue(report.passed(), report.text());
    assertEquals(List.of(), withStatus(report, Evaluation.Status.FAIL));
    assertEquals("pass", statuses(report).get("4.2.7"));
    assertEquals("PermitRootLogin no (/etc/ssh/sshd_config.d/01-eksnode-compliance.conf)", evaluation(report, "4.2.7").evidence());
    assertEquals("/tmp options mode=1777,strictatime,nosuid,nodev,size=50%%,nr_inodes=1m,noexec "
        + "(/etc/systemd/system/tmp.mount.d/60-eksnode-compliance.conf)", evaluation(report, "1.1.2.3").evidence());
    assertTrue(Files.readString(root.resolve("etc/fstab")).contains("tmpfs /dev/shm tmpfs defaults,nodev,noexec,nosuid 0 0"));
    assertEquals("0644", String.format("%04o", ComplianceRuns.host(root).mode("/etc/passwd-").orElseThrow()));
    assertEquals("{\n  \"profiles\" : [ \"cis-level1\" ],\n  \"waivers\" : [ ]\n}\n",
        Files.readString(root.resolve("etc/eksnode/compliance.json")));
    // Level 1 leaves kdump alone; stig disables it.
    assertTrue(Files.isSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/kdump.service")));
  }

  @Test
  void secondImageRunChangesNothing() {
    ComplianceRuns.al2023(root);
    ComplianceRuns.run(root, Phase.IMAGE, CIS1);
    RunReport again = ComplianceRuns.run(root, Phase.IMAGE, CIS1);

    assertEquals(List.of(), again.steps().stream().filter(s -> !s.changes().isEmpty())
        .map(s -> s.id() + " " + s.changes()).toList());
  }

  @Test
  void waivedRuleIsLeftAloneAndReportedAsWaivedWithItsReason() {
    ComplianceRuns.al2023(root);
    ComplianceRuns.run(root, Phase.IMAGE, CIS1 + "waive = [{ id = \"1.1.2.3\", reason = \"build agents run tools from /tmp\" }]\n");

    var recorded = RecordAppliedProfileStep.read(ComplianceRuns.host(root)).orElseThrow();
    ComplianceReport report = ComplianceRuns.report(root, recorded.getKey(), recorded.getValue());
    Evaluation waived = evaluation(report, "1.1.2.3");
    assertEquals(Evaluation.Status.WAIVED, waived.status());
    assertEquals("waived by configuration: build agents run tools from /tmp; found /tmp options "
        + "mode=1777,strictatime,nosuid,nodev,size=50%%,nr_inodes=1m (/usr/lib/systemd/system/tmp.mount)", waived.evidence());
    assertTrue(report.passed(), report.text());
  }

  @Test
  void stigDisablesKdumpAndRecordsTheServiceAction() throws Exception {
    ComplianceRuns.al2023(root);
    RunReport run = ComplianceRuns.run(root, Phase.IMAGE, "[plugins.compliance]\nenabled = true\nprofiles = [\"stig\"]\n");

    StepRecord services = run.steps().stream().filter(s -> s.id().equals("compliance/services")).findFirst().orElseThrow();
    assertEquals(List.of("systemctl disable kdump.service"), services.actions());
    assertFalse(Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants/kdump.service"),
        java.nio.file.LinkOption.NOFOLLOW_LINKS));
    ComplianceReport report = ComplianceRuns.report(root, List.of("stig"), Map.of());
    assertTrue(report.passed(), report.text());
    assertTrue(Files.readString(root.resolve("etc/login.defs"), java.nio.charset.StandardCharsets.UTF_8)
        .contains("PASS_MAX_DAYS\t60\n"), "edited in place");
  }

  @Test
  void fipsRunsFipsModeSetupAndTheSnapshotStillShowsTheKernelWithoutFips() {
    ComplianceRuns.al2023(root);
    RunReport run = ComplianceRuns.run(root, Phase.IMAGE, "[plugins.compliance]\nenabled = true\nprofiles = [\"cis-level1\", \"fips\"]\n");

    StepRecord fips = run.steps().stream().filter(s -> s.id().equals("compliance/fips-mode")).findFirst().orElseThrow();
    assertEquals(List.of("run fips-mode-setup --enable"), fips.actions());
    ComplianceReport report = ComplianceRuns.report(root, List.of("fips"), Map.of());
    // Commands are recorded, not executed, on a snapshot root: the report tells the truth about the tree.
    assertEquals(List.of("fips-kernel", "fips-crypto-policy"), withStatus(report, Evaluation.Status.FAIL));
    assertEquals("crypto policy DEFAULT (/etc/crypto-policies/config)", evaluation(report, "fips-crypto-policy").evidence());
    assertEquals("AWS_USE_FIPS_ENDPOINT=true (/etc/systemd/system.conf.d/60-eksnode-compliance.conf)",
        evaluation(report, "fips-aws-endpoints").evidence());
    assertEquals(Evaluation.Status.PASS, evaluation(report, "fips-aws-endpoints").status());
  }
}
