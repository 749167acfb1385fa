package dev.eksnode.plugins.soci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eksnode.plugins.nvidia.NvidiaPlugin;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvidia and soci both contribute to containerd's CRI tables on a GPU node. Their contributions,
 * deep-merged in step order over containerd 1.7 defaults the way {@code core/containerd-config} merges
 * them, must make one configuration that the real {@code containerd config dump} accepts and that keeps
 * both the nvidia default runtime and the soci snapshotter. Needs containerd on the PATH
 * ({@code .ci/install-test-tools}). Until the core renderer lands, the merge and the TOML writing are
 * this test's own.
 */
class ContainerdConfigDumpIT {

  @TempDir Path root;

  @Test
  void nvidiaAndSociContributionsMakeOneConfigContainerdAccepts() throws Exception {
    assumeTrue(containerdAvailable(), "containerd is not installed (run .ci/install-test-tools)");
    var run = new Harness(root, new SociPlugin(), new NvidiaPlugin())
        .config("[plugins.soci]\nenabled = true\n[plugins.nvidia]\nenabled = true\n")
        .kubelet("v1.31.2")
        .file("/proc/meminfo", "MemTotal:       15892384 kB\n")
        .file("/sys/devices/system/cpu/online", "0-3\n")
        .pci("0000:00:1e.0", "0x10de", "0x2237", "0x030200")
        .file("/usr/bin/nvidia-container-runtime", "#!/bin/sh\n", true)
        .run(Phase.BOOT);
    run.expect("soci/snapshotter", "applied");
    run.expect("nvidia/container-runtime", "applied");

    Map<String, Object> config = defaults();
    List<Map<String, Object>> contributions = run.contributions(Documents.CONTAINERD_CONFIG);
    assertEquals(2, contributions.size());
    for (Map<String, Object> contribution : contributions) {
      config = merge(config, contribution);
    }
    Path file = root.resolve("containerd-config.toml");
    Files.writeString(file, toml(config));

    Process process = new ProcessBuilder("containerd", "--config", file.toString(), "config", "dump")
        .redirectErrorStream(true).start();
    String dump = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "containerd config dump did not finish");
    assertEquals(0, process.exitValue(), "containerd config dump rejected:\n" + Files.readString(file) + "\n" + dump);

    assertTrue(dump.contains("default_runtime_name = \"nvidia\""), dump);
    assertTrue(dump.contains("snapshotter = \"soci\""), dump);
    assertTrue(dump.contains("disable_snapshot_annotations = false"), dump);
    assertTrue(dump.contains("[proxy_plugins.soci]"), dump);
    assertTrue(dump.contains("address = \"/run/soci-snapshotter-grpc/soci-snapshotter-grpc.sock\""), dump);
    assertTrue(dump.contains("BinaryName = \"/usr/bin/nvidia-container-runtime\""), dump);
    assertTrue(dump.contains("SystemdCgroup = true"), dump);
    if (containerdAtLeast17()) {
      assertTrue(dump.contains("enable_cdi = true"), dump);
    }
  }

  /** {@code enable_cdi} is a containerd 1.7 key; 1.6 (Debian 12's containerd) drops it from the dump. */
  private static boolean containerdAtLeast17() throws IOException, InterruptedException {
    Process process = new ProcessBuilder("containerd", "--version").redirectErrorStream(true).start();
    String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    var matcher = java.util.regex.Pattern.compile(" v?(\\d+)\\.(\\d+)\\.").matcher(version);
    return matcher.find()
        && (Integer.parseInt(matcher.group(1)) > 1 || (Integer.parseInt(matcher.group(1)) == 1 && Integer.parseInt(matcher.group(2)) >= 7));
  }

  private static boolean containerdAvailable() {
    try {
      Process process = new ProcessBuilder("containerd", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** containerd 1.7 defaults as FACTS.md states them (config version 2). */
  private static Map<String, Object> defaults() {
    Map<String, Object> runc = new LinkedHashMap<>();
    runc.put("runtime_type", "io.containerd.runc.v2");
    runc.put("base_runtime_spec", "/etc/containerd/base-runtime-spec.json");
    runc.put("options", Map.of("SystemdCgroup", true));
    Map<String, Object> containerd = new LinkedHashMap<>();
    containerd.put("default_runtime_name", "runc");
    containerd.put("discard_unpacked_layers", true);
    containerd.put("runtimes", Map.of("runc", runc));
    Map<String, Object> cri = new LinkedHashMap<>();
    cri.put("sandbox_image", "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10");
    cri.put("containerd", containerd);
    cri.put("registry", Map.of("config_path", "/etc/containerd/certs.d:/etc/docker/certs.d"));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", 2L);
    config.put("plugins", Map.of("io.containerd.grpc.v1.cri", cri));
    return config;
  }

  /** Tables merge key by key; anything else is replaced. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> result = new LinkedHashMap<>(base);
    over.forEach((key, value) -> {
      if (result.get(key) instanceof Map<?, ?> left && value instanceof Map<?, ?> right) {
        result.put(key, merge((Map<String, Object>) left, (Map<String, Object>) right));
      } else {
        result.put(key, value);
      }
    });
    return result;
  }

  private static String toml(Map<String, Object> config) {
    StringBuilder out = new StringBuilder();
    table(out, "", config);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void table(StringBuilder out, String path, Map<String, Object> table) {
    if (!path.isEmpty()) {
      out.append('\n').append('[').append(path).append("]\n");
    }
    table.forEach((key, value) -> {
      if (!(value instanceof Map)) {
        out.append(key(key)).append(" = ").append(value(value)).append('\n');
      }
    });
    table.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested) {
        table(out, path.isEmpty() ? key(key) : path + "." + key(key), (Map<String, Object>) nested);
      }
    });
  }

  private static String key(String key) {
    return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
  }

  private static String value(Object value) {
    return switch (value) {
      case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case List<?> list -> list.stream().map(ContainerdConfigDumpIT::value).toList().toString();
      default -> String.valueOf(value);
    };
  }
}
