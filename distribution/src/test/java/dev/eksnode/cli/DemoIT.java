package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged CLI, on the module path: 'eksnode demo' joins a node and a rerun changes nothing. */
class DemoIT {

  @Test
  void demoJoinsANodeAndTheRerunChangesNothing() throws Exception {
    Path eksnode = Path.of(System.getProperty("eksnode.home", "target/eksnode"), "bin", "eksnode");
    Path output = Files.createTempFile("eksnode-demo-", ".out");
    try {
      Process process = new ProcessBuilder(List.of(eksnode.toString(), "demo")).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "demo timed out");
      String text = Files.readString(output);
      assertEquals(0, process.exitValue(), text);
      for (String expected : List.of(
          "applied   core/cluster-ca", "applied   core/kubelet-config", "applied   core/containerd-config", "applied   core/kubelet-service",
          "wrote /etc/kubernetes/pki/ca.crt (0644)", "wrote /var/lib/kubelet/kubeconfig (0600)",
          "wrote /etc/kubernetes/kubelet/config.json (0644)", "wrote /etc/containerd/config.toml (0644)",
          "wrote /etc/systemd/system/kubelet.service.d/10-eksnode.conf (0644)",
          "systemctl restart containerd.service", "systemctl restart kubelet.service",
          "timeline (ms since the start of the run",
          "second run: 14 of 14 steps unchanged, nothing restarted")) {
        assertTrue(text.contains(expected), "'" + expected + "' missing from:\n" + text);
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
