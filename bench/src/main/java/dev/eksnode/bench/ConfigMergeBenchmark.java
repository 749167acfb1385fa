package dev.eksnode.bench;

import dev.eksnode.kernel.config.ConfigLoader;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading and merging configuration documents: {@code documents} TOML documents of about 30 lines
 * each (cluster, kubelet config with nested maps, appended flags, labels), given as separate sources
 * and as the parts of one MIME multipart user data. Measures decoding detection, parsing with
 * locations and the merge with provenance; what {@code bootstrap} does before its first step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// JMH 1.37 calls sun.misc.Unsafe::objectFieldOffset, which JDK 25 warns about once per fork.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConfigMergeBenchmark {

  @Param({"50"})
  public int documents;

  private List<ConfigSource> separate;
  private List<ConfigSource> mime;
  private ConfigLoader loader;

  /** Builds the documents and checks that they load, so the benchmark times the successful path. */
  @Setup
  public void setUp() {
    separate = new ArrayList<>();
    StringBuilder multipart = new StringBuilder("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"==B==\"\n\n");
    for (int i = 0; i < documents; i++) {
      String toml = document(i);
      separate.add(new ConfigSource.Bytes("doc-" + i + ".toml", toml.getBytes(StandardCharsets.UTF_8)));
      multipart.append("--==B==\nContent-Type: application/x-eksnode+toml\n\n").append(toml).append('\n');
    }
    multipart.append("--==B==--\n");
    mime = List.of(new ConfigSource.Bytes("user-data", multipart.toString().getBytes(StandardCharsets.UTF_8)));
    loader = new ConfigLoader(List.of(), List.of(), Set.of("kubelet.flags"),
        ConfigNode.Table.empty(ConfigLocation.of("built-in defaults")), ConfigPolicy.DEFAULT, Map.of());
    separateSources();
    mimeParts();
  }

  static String document(int i) {
    return """
        # document %1$d
        [cluster]
        name = "cluster-%1$d"
        serviceCidr = "10.%2$d.0.0/16"

        [kubelet]
        flags = ["--v=%2$d", "--node-labels=doc=d%1$d"]
        taints = ["dedicated=d%1$d:NoSchedule"]

        [kubelet.labels]
        "example.com/doc-%1$d" = "v%1$d"
        team = "team-%2$d"

        [kubelet.config]
        maxPods = %3$d
        shutdownGracePeriod = "%2$ds"
        clusterDNS = ["10.%2$d.0.10"]

        [kubelet.config.evictionHard]
        "memory.available" = "%3$dMi"
        "nodefs.available" = "10%%"

        [kubelet.config.featureGates]
        Gate%1$d = true

        [containerd.config.plugins."io.containerd.grpc.v1.cri".containerd]
        discard_unpacked_layers = %4$s

        [instance.environment.kubelet]
        VAR_%1$d = "value-%1$d"
        """.formatted(i, i % 200, 20 + i, i % 2 == 0);
  }

  @Benchmark
  public ConfigNode.Table separateSources() {
    return loader.load(separate).orThrow().merged();
  }

  @Benchmark
  public ConfigNode.Table mimeParts() {
    return loader.load(mime).orThrow().merged();
  }
}
