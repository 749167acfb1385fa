package dev.eksnode.node.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void jacksonReadsBackWhatItRenders() throws Exception {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("s", "q\"\\\n\u0001\u007f");
    value.put("n", 29);
    value.put("l", List.of());
    value.put("m", Map.of());
    value.put("b", false);
    assertEquals(value, new ObjectMapper().readValue(JsonText.render(value), Map.class));
  }

  @Test
  void keepsMapOrderAndIndentsTwoSpaces() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("z", 1);
    value.put("a", List.of("x"));
    assertEquals("{\n  \"z\": 1,\n  \"a\": [\n    \"x\"\n  ]\n}\n", JsonText.render(value));
  }

  @Test
  void escapesQuotesBackslashesAndControlCharactersDelIncluded() {
    StringBuilder out = new StringBuilder();
    JsonText.quote(out, "a\"b\\c\td\u0001e\u007f");
    assertEquals("\"a\\\"b\\\\c\\td\\u0001e\\u007f\"", out.toString());
  }
}
