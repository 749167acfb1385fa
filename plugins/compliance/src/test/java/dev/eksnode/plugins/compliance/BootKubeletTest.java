package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.StandInCore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boot phase keeps the kubelet compliant: contributes CIS values, then checks what core rendered,
 * here the conformance kit's stand-in core, which renders the kubelet configuration and the service
 * environment where core does.
 */
class BootKubeletTest {

  @TempDir Path root;

  /** The kubeconfig and the cluster CA, with the modes core gives them; the check reads their modes. */
  @BeforeEach
  void kubeletFiles() throws IOException {
    Path kubeconfig = root.resolve("var/lib/kubelet/kubeconfig");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, "apiVersion: v1\n");
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
    Path ca = root.resolve("etc/kubernetes/pki/ca.crt");
    Files.createDirectories(ca.getParent());
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n");
    Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static StepRecord step(RunReport run, String id) {
    return run.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static Evaluation evaluation(ComplianceReport report, String id) {
    return report.evaluations().stream().filter(e -> e.rule().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void contributesTheCisKubeletValuesAndTheRenderedConfigPasses() throws Exception {
    RunReport run = ComplianceRuns.run(root, Phase.BOOT, "[plugins.compliance]\nenabled = true\n", StandInCore.writingNodeFiles());
    assertTrue(run.succeeded(), run.toString());

    Map<?, ?> kubelet = new ObjectMapper().readValue(root.resolve("etc/kubernetes/kubelet/config.json").toFile(), Map.class);
    assertEquals(0, kubelet.get("readOnlyPort"));
    assertEquals(true, kubelet.get("rotateCertificates"));
    assertEquals(Map.of("anonymous", Map.of("enabled", false), "x509", Map.of("clientCAFile", "/etc/kubernetes/pki/ca.crt")),
        kubelet.get("authentication"));
    ComplianceReport report = ComplianceRuns.report(root, List.of("cis-level1"), Map.of());
    assertEquals(Evaluation.Status.PASS, evaluation(report, "eks-3.2.4").status());
    assertEquals("readOnlyPort = 0 (/etc/kubernetes/kubelet/config.json)", evaluation(report, "eks-3.2.4").evidence());
    assertEquals("streamingConnectionIdleTimeout = \"4h0m0s\" (not set: kubelet default)", evaluation(report, "eks-3.2.5").evidence());
    assertEquals("/var/lib/kubelet/kubeconfig mode 0600", evaluation(report, "eks-3.1.1").evidence());
  }

  @Test
  void userKubeletConfigTurningOnTheReadOnlyPortIsReportedInCis() {
    RunReport run = ComplianceRuns.run(root, Phase.BOOT,
        "[plugins.compliance]\nenabled = true\n[kubelet.config]\nreadOnlyPort = 10255\n", StandInCore.writingNodeFiles());

    assertTrue(run.succeeded(), "cis-level1 reports, it does not refuse");
    ComplianceReport report = ComplianceRuns.report(root, List.of("cis-level1"), Map.of());
    assertFalse(report.passed());
    Evaluation readOnly = evaluation(report, "eks-3.2.4");
    assertEquals(Evaluation.Status.FAIL, readOnly.status());
    assertEquals("readOnlyPort = 10255 (/etc/kubernetes/kubelet/config.json)", readOnly.evidence());
  }

  @Test
  void stigRefusesAKubeletConfigThatTurnsOnTheReadOnlyPortNamingTheKey() {
    RunReport run = ComplianceRuns.run(root, Phase.BOOT,
        "[plugins.compliance]\nenabled = true\nprofiles = [\"stig\"]\n[kubelet.config]\nreadOnlyPort = 10255\n",
        StandInCore.writingNodeFiles());

    assertFalse(run.succeeded());
    StepRecord check = step(run, "compliance/kubelet-check");
    assertEquals("failed", check.outcome());
    // A step's detail is one line: the message's line breaks become spaces.
    assertTrue(check.detail().startsWith("1 kubelet setting(s) break profile(s) [stig]:   rule eks-3.2.4 "
        + "(Ensure that the --read-only-port is disabled): readOnlyPort = 10255 (/etc/kubernetes/kubelet/config.json); "
        + "wanted readOnlyPort: 0"), check.detail());
  }

  @Test
  void stigBootWithAWaiverForTheReadOnlyPortGoesThrough() {
    RunReport run = ComplianceRuns.run(root, Phase.BOOT,
        "[plugins.compliance]\nenabled = true\nprofiles = [\"stig\"]\n"
            + "waive = [{ id = \"eks-3.2.4\", reason = \"metrics agent still scrapes :10255\" }]\n"
            + "[kubelet.config]\nreadOnlyPort = 10255\n",
        StandInCore.writingNodeFiles());

    assertTrue(run.succeeded(), run.toString());
  }

  @Test
  void fipsContributesTheFipsEndpointToEveryService() throws Exception {
    RunReport run = ComplianceRuns.run(root, Phase.BOOT, "[plugins.compliance]\nenabled = true\nprofiles = [\"fips\"]\n",
        StandInCore.writingNodeFiles());

    assertTrue(run.succeeded(), run.toString());
    assertTrue(Files.readString(root.resolve(StandInCore.DEFAULT_ENVIRONMENT.substring(1)))
        .endsWith("[Manager]\nDefaultEnvironment=\"AWS_USE_FIPS_ENDPOINT=true\"\n"));
    ComplianceReport report = ComplianceRuns.report(root, List.of("fips"), Map.of());
    assertEquals(Evaluation.Status.PASS, evaluation(report, "fips-aws-endpoints").status());
  }
}
