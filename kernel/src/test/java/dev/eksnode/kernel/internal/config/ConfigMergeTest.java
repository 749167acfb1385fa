package dev.eksnode.kernel.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigMergeTest {

  private static final ConfigNode.Table EMPTY = ConfigNode.Table.empty(ConfigLocation.of("built-in defaults"));

  private static ConfigNode.Table merge(Set<String> appendKeys, String... documents) {
    List<ConfigNode.Table> tables = new ArrayList<>();
    for (int i = 0; i < documents.length; i++) {
      tables.add(TomlDocuments.parse((i + 1) + ".toml", documents[i]));
    }
    return new ConfigMerge(appendKeys).merge(tables, EMPTY);
  }

  @Test
  void mergesTablesKeyByKey() {
    ConfigNode.Table merged =
        merge(
            Set.of(),
            "[kubelet]\nmaxPods = 110\n[kubelet.eviction]\nmemory = \"100Mi\"\n",
            "[kubelet.eviction]\ndisk = \"10%\"\n[cluster]\nname = \"demo\"\n");

    assertEquals(
        Map.of(
            "kubelet", Map.of("maxPods", 110L, "eviction", Map.of("memory", "100Mi", "disk", "10%")),
            "cluster", Map.of("name", "demo")),
        merged.plain());
  }

  @Test
  void replacesLists() {
    ConfigNode.Table merged = merge(Set.of(), "zones = [\"a\", \"b\"]\n", "zones = [\"c\"]\n");

    assertEquals(Map.of("zones", List.of("c")), merged.plain());
  }

  @Test
  void concatenatesListsOfAppendKeys() {
    ConfigNode.Table merged =
        merge(
            Set.of("kubelet.flags"),
            "[kubelet]\nflags = [\"--v=2\"]\nzones = [\"a\"]\n",
            "[kubelet]\nflags = [\"--node-ip=10.0.0.1\"]\nzones = [\"b\"]\n");

    assertEquals(
        Map.of("kubelet", Map.of("flags", List.of("--v=2", "--node-ip=10.0.0.1"), "zones", List.of("b"))),
        merged.plain());
  }

  @Test
  void letsTheLaterScalarWinAndKeepsItsLocation() {
    ConfigNode.Table merged = merge(Set.of(), "[cluster]\nname = \"first\"\n", "\n[cluster]\nname = \"second\"\n");

    ConfigNode name = ((ConfigNode.Table) merged.entries().get("cluster")).entries().get("name");
    assertEquals("second", name.plain());
    assertEquals(new ConfigLocation("2.toml", 3, 1), name.location());
  }

  @Test
  void replacesAValueOfAnotherTypeWhole() {
    ConfigNode.Table merged = merge(Set.of(), "[proxy]\nurl = \"http://p\"\n", "proxy = \"none\"\n");

    assertEquals(Map.of("proxy", "none"), merged.plain());
  }

  @Test
  void keepsTheBaseWhenThereAreNoDocuments() {
    assertEquals(Map.of(), new ConfigMerge(Set.of()).merge(List.of(), EMPTY).plain());
  }
}
