package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstanceTypeTableTest {

  @Test
  void rendersAndParsesBack() {
    InstanceTypeTable table =
        InstanceTypeTable.of("test", "us-west-2", java.util.List.of(
            new InstanceTypeLimits("t3.micro", 2, 1024, 2, 2, "nitro"), new InstanceTypeLimits("a1.metal", 16, 32768, 8, 30, "")));
    assertEquals(table, InstanceTypeTable.parse("table.json", table.render()));
    assertTrue(table.render().indexOf("a1.metal") < table.render().indexOf("t3.micro"), "sorted by name");
  }

  @Test
  void findsATypeInARenderedFileByItsLineAndInAnyOtherLayoutByParsingItAll() {
    InstanceTypeTable table =
        InstanceTypeTable.of("test", "us-west-2", java.util.List.of(
            new InstanceTypeLimits("m5.large", 2, 8192, 3, 10, "nitro"), new InstanceTypeLimits("m5.xlarge", 4, 16384, 4, 15, "nitro"),
            new InstanceTypeLimits("m5.metal", 96, 393216, 15, 50, "")));
    String rendered = table.render();
    for (String type : java.util.List.of("m5.large", "m5.xlarge", "m5.metal")) {
      assertEquals(table.find(type), InstanceTypeTable.find("t.json", rendered, type), type);
      assertEquals(table.find(type), InstanceTypeTable.find("t.json", rendered.replace("\n", " "), type), type + " on one line");
    }
    assertTrue(InstanceTypeTable.find("t.json", rendered, "m5").isEmpty());
    assertTrue(InstanceTypeTable.find("t.json", rendered, "m5.2xlarge").isEmpty());
  }

  @Test
  void aMalformedLineOfARenderedFileIsNamed() {
    String rendered = InstanceTypeTable.of("test", "us-west-2", java.util.List.of(new InstanceTypeLimits("m5.large", 2, 8192, 3, 10, "nitro")))
        .render().replace("\"maximumNetworkInterfaces\": 3", "\"maximumNetworkInterfaces\": -3");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstanceTypeTable.find("/etc/eksnode/instance-types.json", rendered, "m5.large"));
    assertEquals("/etc/eksnode/instance-types.json: instanceTypes.m5.large.maximumNetworkInterfaces: needs a positive integer, found -3", e.getMessage());
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
