package dev.eksnode.plugins.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.TomlDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TomlText}: what it writes reads back to the same values. */
class TomlTextTest {

  private static Object roundTrip(Map<String, Object> value) {
    return TomlDocuments.parse("test", TomlText.write(value)).plain();
  }

  @Test
  void readsBackNestedTablesScalarsListsAndQuotedKeys() {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("node.kubernetes.io/image-variant", "standard");
    labels.put("team", "a \"quoted\" \\ value\nwith a newline\tand tab");
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("podPidsLimit", 16384L);
    config.put("serializeImagePulls", false);
    config.put("cpuCFSQuotaPeriod", 0.5);
    config.put("evictionHard", new LinkedHashMap<>(Map.of("memory.available", "100Mi")));
    Map<String, Object> kubelet = new LinkedHashMap<>();
    kubelet.put("flags", List.of("--v=2", "--node-status-update-frequency=10s"));
    kubelet.put("taints", List.of());
    kubelet.put("config", config);
    kubelet.put("labels", labels);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("profile", "batch");
    document.put("kubelet", kubelet);
    document.put("containerd", new LinkedHashMap<>(Map.of("config", new LinkedHashMap<>())));
    document.put("tables", List.of(new LinkedHashMap<>(Map.of("name", "a")), new LinkedHashMap<>(Map.of("name", "b"))));

    assertEquals(document, roundTrip(document));
  }

  @Test
  void writesScalarsBeforeTablesUnderDottedHeaders() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("podPidsLimit", 16384L);
    Map<String, Object> kubelet = new LinkedHashMap<>();
    kubelet.put("config", config);
    kubelet.put("configMode", "merge");
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("kubelet", kubelet);
    document.put("profile", "batch");

    assertEquals("""
        profile = "batch"

        [kubelet]
        configMode = "merge"

        [kubelet.config]
        podPidsLimit = 16384
        """, TomlText.write(document));
  }
}
