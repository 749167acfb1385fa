package dev.eksnode.plugins.soci;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the conformance cases expect, checked against FACTS.md: the kit's golden rule proves a run
 * leaves exactly {@code expected/}, this proves {@code expected/} is right.
 */
class SociCasesTest {

  private static final Path CASES = Path.of("src/test/tck/cases");
  private static final String ENDPOINT = "unix:///run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock";

  private static String file(String name, String path) throws IOException {
    return Files.readString(CASES.resolve(name).resolve("expected").resolve(path.substring(1)));
  }

  private static String kubeletConfig(String name) throws IOException {
    return file(name, "/etc/kubernetes/kubelet/config.json");
  }

  private static String kubeletFlags(String name) throws IOException {
    return file(name, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf");
  }

  @Test
  void kubelet127AndLaterGetTheImageServiceEndpointFieldAndOlderOnesTheFlag() throws IOException {
    for (String name : new String[] {"g5-kubelet-1-27", "g5-with-nvidia"}) {
      assertTrue(kubeletConfig(name).contains("\"imageServiceEndpoint\": \"" + ENDPOINT + "\""), name);
      assertFalse(kubeletFlags(name).contains("--image-service-endpoint"), name);
    }
    assertFalse(kubeletConfig("g5-kubelet-1-26").contains("imageServiceEndpoint"));
    assertTrue(kubeletFlags("g5-kubelet-1-26").contains("--image-service-endpoint=" + ENDPOINT), kubeletFlags("g5-kubelet-1-26"));
  }

  @Test
  void belowTheThresholdsContainerdKeepsItsOwnSnapshotter() throws IOException {
    assertFalse(file("m5-large-below-thresholds", "/etc/containerd/config.toml").contains("soci"));
    assertFalse(kubeletConfig("m5-large-below-thresholds").contains("imageServiceEndpoint"));
    String lowered = file("m5-large-lowered-thresholds", "/etc/containerd/config.toml");
    assertTrue(lowered.contains("snapshotter = \"soci\"") && lowered.contains("[proxy_plugins.soci]"), lowered);
  }
}
