package dev.eksnode.node.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.kernel.config.TomlDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** {@link TomlWriter}: the layout it writes, and that what it writes reads back to the same values. */
class TomlWriterTest {

  private static Object roundTrip(Map<String, Object> value) {
    return TomlDocuments.parse("test", TomlWriter.write(value)).plain();
  }

  @Test
  void writesPlainKeysBeforeTablesAndQuotesDottedKeys() {
    Map<String, Object> cri = new LinkedHashMap<>();
    cri.put("sandbox_image", "pause:3.10");
    cri.put("containerd", Map.of("snapshotter", "overlayfs"));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("plugins", Map.of("io.containerd.grpc.v1.cri", cri));
    doc.put("version", 2L);
    assertEquals(
        """
        version = 2

        [plugins."io.containerd.grpc.v1.cri"]
        sandbox_image = "pause:3.10"

        [plugins."io.containerd.grpc.v1.cri".containerd]
        snapshotter = "overlayfs"
        """,
        TomlWriter.write(doc));
  }

  @Test
  void tomljReadsBackWhatItWrites() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("text", "quote \" backslash \\ tab \t newline \n");
    doc.put("number", -999L);
    doc.put("ratio", 0.5);
    doc.put("on", true);
    doc.put("list", List.of("a", "b"));
    doc.put("tables", List.of(Map.of("type", "RLIMIT_NOFILE", "hard", 1048576L)));
    doc.put("empty", Map.of());
    TomlParseResult parsed = Toml.parse(TomlWriter.write(doc));
    assertFalse(parsed.hasErrors(), parsed.errors().toString());
    assertEquals(doc.get("text"), parsed.getString("text"));
    assertEquals(-999L, parsed.getLong("number"));
    assertEquals(0.5, parsed.getDouble("ratio"));
    assertEquals(true, parsed.getBoolean("on"));
    assertEquals(List.of("a", "b"), parsed.getArray("list").toList());
    assertEquals(1048576L, parsed.getArray("tables").getTable(0).getLong("hard"));
    assertEquals(0, parsed.getTable("empty").size());
  }

  @Test
  void eksnodesReaderReadsBackNestedTablesScalarsListsAndQuotedKeys() {
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
        """, TomlWriter.write(document));
  }

  @Test
  void controlCharactersAndDelReadBack() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("odd", "tab\there, bell\u0007, del\u007f, \"quoted\" \\");
    assertEquals(value, roundTrip(value));
  }
}
