package dev.eksnode.node.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepMergeTest {

  @Test
  void tablesMergeScalarsAndListsAreReplaced() {
    Map<String, Object> base = Map.of("evictionHard", Map.of("memory.available", "100Mi", "nodefs.available", "10%"), "clusterDNS", List.of("a", "b"), "maxPods", 29);
    Map<String, Object> over = Map.of("evictionHard", Map.of("memory.available", "300Mi"), "clusterDNS", List.of("c"));
    assertEquals(
        Map.of("evictionHard", Map.of("memory.available", "300Mi", "nodefs.available", "10%"), "clusterDNS", List.of("c"), "maxPods", 29),
        DeepMerge.merge(base, over));
  }
}
