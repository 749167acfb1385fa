package dev.eksnode.plugins.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class TomlWriterTest {

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
}
