package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.spi.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the boot phase and {@code eksnode max-pods} find an instance type's limits before EC2. */
class InstanceTypeLookupTest {

  private static Host host(Path root) {
    return Kernel.host(new RunOptions(root, false, Map.of(), Clock.systemUTC()));
  }

  private static void bake(Path root, String json) throws Exception {
    Path table = root.resolve(InstanceTypeTable.BAKED_PATH.substring(1));
    Files.createDirectories(table.getParent());
    Files.writeString(table, json);
  }

  @Test
  void everyBuiltInTypeIsFoundWithoutABakedTableSoABootAsksEc2ForNone(@TempDir Path root) {
    Host host = host(root);
    List<String> missed = new ArrayList<>();
    for (InstanceTypeLimits limits : BuiltInInstanceTypes.all()) {
      Optional<InstanceTypeLookup.Found> found = InstanceTypeLookup.find(host, limits.instanceType());
      if (found.isEmpty() || !found.get().limits().equals(limits) || !found.get().source().equals("the built-in table")) {
        missed.add(limits.instanceType() + " -> " + found);
      }
    }
    assertEquals(List.of(), missed);
  }

  @Test
  void theBakedTableWinsAndTheBuiltInOneFillsItsGaps(@TempDir Path root) throws Exception {
    bake(root, """
        {"instanceTypes": {
          "m5.large": {"vcpus": 2, "memoryMiB": 8192, "maximumNetworkInterfaces": 4, "ipv4AddressesPerInterface": 10, "hypervisor": "nitro"}
        }}""");
    InstanceTypeLookup.Found baked = InstanceTypeLookup.find(host(root), "m5.large").orElseThrow();
    assertEquals(4, baked.limits().maximumNetworkInterfaces());
    assertEquals("the baked table /etc/eksnode/instance-types.json", baked.source());
    InstanceTypeLookup.Found builtIn = InstanceTypeLookup.find(host(root), "c5.12xlarge").orElseThrow();
    assertEquals(8, builtIn.limits().maximumNetworkInterfaces());
    assertEquals(30, builtIn.limits().ipv4AddressesPerInterface());
    assertEquals("the built-in table", builtIn.source());
    assertTrue(InstanceTypeLookup.find(host(root), "x9.imaginary").isEmpty());
  }

  @Test
  void aMalformedBakedTableIsNamed(@TempDir Path root) throws Exception {
    bake(root, "{\"instanceTypes\": {\"m5.large\": {\"vcpus\": 2}}}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstanceTypeLookup.find(host(root), "m5.large"));
    assertEquals("/etc/eksnode/instance-types.json: instanceTypes.m5.large.memoryMiB: needs a positive integer, found null", e.getMessage());
  }
}
