package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InstanceTypeTableTest {

  @Test
  void builtInTableRendersToItsOwnResourceByteForByte() throws IOException {
    String resource;
    try (var in = InstanceTypeTable.class.getResourceAsStream("instance-types.json")) {
      resource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(resource, InstanceTypeTable.builtIn().render());
  }

  @Test
  void rendersAndParsesBack() {
    InstanceTypeTable table =
        InstanceTypeTable.of("test", "us-west-2", java.util.List.of(
            new InstanceTypeLimits("t3.micro", 2, 1024, 2, 2, "nitro"), new InstanceTypeLimits("a1.metal", 16, 32768, 8, 30, "")));
    assertEquals(table, InstanceTypeTable.parse("table.json", table.render()));
    assertTrue(table.render().indexOf("a1.metal") < table.render().indexOf("t3.micro"), "sorted by name");
  }

  @Test
  void malformedEntryIsNamedWithFileAndField() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InstanceTypeTable.parse("/etc/eksnode/instance-types.json",
            "{\"instanceTypes\": {\"m5.large\": {\"vcpus\": 2, \"memoryMiB\": 8192, \"maximumNetworkInterfaces\": 0, \"ipv4AddressesPerInterface\": 10}}}"));
    assertEquals(
        "/etc/eksnode/instance-types.json: instanceTypes.m5.large.maximumNetworkInterfaces: needs a positive integer, found 0",
        e.getMessage());
  }

  @Test
  void notJsonSaysSo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstanceTypeTable.parse("t.json", "{"));
    assertTrue(e.getMessage().startsWith("t.json: not JSON"), e.getMessage());
  }
}
