package dev.eksnode.bench;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.plugins.core.maxpods.BuiltInInstanceTypes;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLookup;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
import dev.eksnode.spi.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What finding an instance type's ENI limits costs a boot ({@code core/max-pods}): in the table built
 * into eksnode ({@code builtIn}: 1,384 types, read up to the needed line), and through the lookup a
 * boot makes on an image with a baked table of the same size ({@code baked}: the file read from a
 * root, then the type found in it). {@code type} is the first line of the table, one in the middle,
 * the last, and a type newer than the table (a miss).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// JMH 1.37 calls sun.misc.Unsafe::objectFieldOffset, which JDK 25 warns about once per fork.
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class InstanceTypeTableBenchmark {

  @Param({"a1.2xlarge", "m5.large", "z1d.xlarge", "m10i.large"})
  public String type;

  private Path root;
  private Host bakedHost;

  /** A root with a baked table of every built-in type (EC2 gives every value, so vCPUs and memory are filled). */
  @Setup
  public void setUp() throws IOException {
    root = Files.createTempDirectory("eksnode-bench-table-");
    InstanceTypeTable table = InstanceTypeTable.of("bench", "us-west-2", BuiltInInstanceTypes.all().stream()
        .map(limits -> new InstanceTypeLimits(limits.instanceType(), 4, 16384, limits.maximumNetworkInterfaces(),
            limits.ipv4AddressesPerInterface(), limits.hypervisor()))
        .toList());
    Path baked = root.resolve(InstanceTypeTable.BAKED_PATH.substring(1));
    Files.createDirectories(baked.getParent());
    Files.writeString(baked, table.render());
    bakedHost = Kernel.host(new RunOptions(root, false, Map.of(), Clock.systemUTC()));
    if (BuiltInInstanceTypes.find(type).isPresent() != InstanceTypeLookup.find(bakedHost, type).isPresent()) {
      throw new IllegalStateException("the baked table and the built-in one disagree on " + type);
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    try (var files = Files.walk(root)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Benchmark
  public Optional<InstanceTypeLimits> builtIn() {
    return BuiltInInstanceTypes.find(type);
  }

  @Benchmark
  public Optional<InstanceTypeLookup.Found> baked() {
    return InstanceTypeLookup.find(bakedHost, type);
  }
}
