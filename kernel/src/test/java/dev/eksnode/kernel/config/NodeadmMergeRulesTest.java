package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.internal.config.ConfigMerge;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeadmMergeRulesTest {

  private static Table toml(String source, String text) {
    return TomlDocuments.parse(source, text);
  }

  @Test
  void mergesWithNodeadmRules() {
    Table first = toml("a", """
        [kubelet]
        flags = ["--v=2"]
        [kubelet.config]
        maxPods = 10
        clusterDNS = ["10.100.0.10"]
        [kubelet.config.evictionHard]
        "memory.available" = "100Mi"
        [cluster]
        name = "one"
        """);
    Table second = toml("b", """
        [kubelet]
        flags = ["--node-labels=a=b"]
        [kubelet.config]
        clusterDNS = ["10.100.0.53"]
        [kubelet.config.evictionHard]
        "nodefs.available" = "10%"
        [cluster]
        name = "two"
        """);
    Table merged = new ConfigMerge(Set.of("kubelet.flags")).merge(List.of(first, second), Table.empty(ConfigLocation.of("defaults")));
    @SuppressWarnings("unchecked")
    Map<String, Object> all = (Map<String, Object>) merged.plain();
    @SuppressWarnings("unchecked")
    Map<String, Object> kubelet = (Map<String, Object>) all.get("kubelet");
    assertEquals(List.of("--v=2", "--node-labels=a=b"), kubelet.get("flags"), "flags append");
    assertEquals(Map.of("maxPods", 10L, "clusterDNS", List.of("10.100.0.53"),
        "evictionHard", Map.of("memory.available", "100Mi", "nodefs.available", "10%")), kubelet.get("config"),
        "maps deep-merge, lists replace");
    assertEquals(Map.of("name", "two"), all.get("cluster"), "later scalars win");
    Array flags = (Array) ((Table) merged.entries().get("kubelet")).entries().get("flags");
    assertEquals(List.of("a", "b"), flags.items().stream().map(item -> item.location().source()).toList(),
        "appended items keep their own source");
  }
}
