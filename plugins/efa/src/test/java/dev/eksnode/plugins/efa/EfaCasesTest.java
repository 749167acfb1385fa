package dev.eksnode.plugins.efa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the conformance cases expect, checked against FACTS.md: the kit's golden rule proves a run
 * leaves exactly {@code expected/}, this proves {@code expected/} is right, so a snapshot accepted with
 * a wrong value fails here.
 */
class EfaCasesTest {

  private static final Path CASES = Path.of("src/test/tck/cases");
  private static final BigInteger UNLIMITED = new BigInteger("18446744073709551615");
  private static final String LABEL = "vpc.amazonaws.com/efa.present=true";

  private static String expected(String name, String path) throws IOException {
    return Files.readString(CASES.resolve(name).resolve("expected").resolve(path.substring(1)));
  }

  /** The rlimits of a case's rendered base runtime spec, as {@code TYPE hard soft}. */
  private static List<String> rlimits(String name) throws IOException {
    JsonNode spec = new ObjectMapper().readTree(expected(name, "/etc/containerd/base-runtime-spec.json"));
    List<String> limits = new ArrayList<>();
    for (JsonNode limit : spec.path("process").path("rlimits")) {
      limits.add(limit.path("type").asText() + " " + limit.path("hard").bigIntegerValue() + " " + limit.path("soft").bigIntegerValue());
    }
    return limits;
  }

  private static String kubeletDropIn(String name) throws IOException {
    return expected(name, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf");
  }

  @Test
  void aP4dGetsUnlimitedMemlockBesideTheDefaultOpenFileLimitAndTheEfaLabel() throws IOException {
    assertEquals(List.of("RLIMIT_NOFILE 1048576 65536", "RLIMIT_MEMLOCK " + UNLIMITED + " " + UNLIMITED), rlimits("p4d-boot"));
    assertTrue(kubeletDropIn("p4d-boot").contains("--node-labels=" + LABEL + " "), kubeletDropIn("p4d-boot"));
  }

  @Test
  void anM5LargeGetsNeitherTheLimitNorTheLabel() throws IOException {
    assertEquals(List.of("RLIMIT_NOFILE 1048576 65536"), rlimits("m5-large-boot"));
    assertFalse(kubeletDropIn("m5-large-boot").contains("efa"), kubeletDropIn("m5-large-boot"));
  }

  @Test
  void onAP4dWithNvidiaTheDefaultNvidiaRuntimeStartsFromTheSpecWithTheLimit() throws IOException {
    assertEquals(List.of("RLIMIT_NOFILE 1048576 65536", "RLIMIT_MEMLOCK " + UNLIMITED + " " + UNLIMITED), rlimits("p4d-with-nvidia"));
    String containerd = expected("p4d-with-nvidia", "/etc/containerd/config.toml");
    assertTrue(containerd.contains("default_runtime_name = \"nvidia\""), containerd);
    String nvidia = containerd.substring(containerd.indexOf("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.nvidia]"));
    assertTrue(nvidia.contains("base_runtime_spec = \"/etc/containerd/base-runtime-spec.json\""), nvidia);
    String dropIn = kubeletDropIn("p4d-with-nvidia");
    assertTrue(dropIn.contains(LABEL) && dropIn.contains("nvidia.com/gpu.count=8") && dropIn.contains("nvidia.com/gpu.present=true"), dropIn);
  }

  @Test
  void theImageLiftsTheMemlockLimitForEveryLogin() throws IOException {
    String limits = expected("p4d-image", "/etc/security/limits.d/90-eksnode-efa.conf");
    assertTrue(limits.contains("* soft memlock unlimited") && limits.contains("* hard memlock unlimited"), limits);
    String hugepages = expected("p4d-image", "/etc/sysctl.d/90-eksnode-efa-hugepages.conf");
    assertTrue(hugepages.endsWith("\nvm.nr_hugepages = 1024\n"), hugepages);
  }
}
