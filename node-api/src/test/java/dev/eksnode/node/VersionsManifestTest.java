package dev.eksnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionsManifestTest {

  @Test
  void rendersSortedIndentedWithALineBreakAtTheEnd() {
    assertEquals("""
        {
          "components" : {
            "containerd" : "1.7.27",
            "kubelet" : "1.31.2-eks"
          }
        }
        """, VersionsManifest.render(Map.of("kubelet", "1.31.2-eks", "containerd", "1.7.27")));
  }

  @Test
  void rendersNoComponentsAsAnEmptyObject() {
    assertEquals("{\n  \"components\" : { }\n}\n", VersionsManifest.render(Map.of()));
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    String text = VersionsManifest.render(Map.of("odd \"name\"", "a\\b\tc\u0001"));

    assertEquals("    \"odd \\\"name\\\"\" : \"a\\\\b\\tc\\u0001\"", text.lines().toList().get(2));
    assertEquals(Map.of("odd \"name\"", "a\\b\tc\u0001"), VersionsManifest.parse(text));
  }

  @Test
  void readsWhatItRenders() {
    Map<String, String> components = Map.of("nvidia-driver", "570.86.15", "efa-installer", "1.38.1", "pause", "3.10");

    assertEquals(components, VersionsManifest.parse(VersionsManifest.render(components)));
  }

  @Test
  void readsAnyJsonLayoutAndIgnoresOtherKeys() {
    String text = "{\"built\":{\"at\":[1,2,{\"x\":null},[],{}],\"by\":true},\"components\":{\"runc\":\"1.2.6\",\"n\":1.5e3}}";

    assertEquals(Map.of("runc", "1.2.6", "n", "1.5e3"), VersionsManifest.parse(text));
  }

  @Test
  void saysWhereATextIsNotAManifest() {
    assertEquals("line 2, column 16: expected ':'",
        assertThrows(IllegalArgumentException.class, () -> VersionsManifest.parse("{\n  \"components\" { }\n}")).getMessage());
    assertEquals("line 1, column 1: unexpected 'nope'",
        assertThrows(IllegalArgumentException.class, () -> VersionsManifest.parse("nope")).getMessage());
    assertEquals("no \"components\" object at the top level",
        assertThrows(IllegalArgumentException.class, () -> VersionsManifest.parse("{\"components\": []}")).getMessage());
    assertEquals("line 1, column 26: a string is not closed",
        assertThrows(IllegalArgumentException.class, () -> VersionsManifest.parse("{\"components\": {\"a\": \"1}}")).getMessage());
  }
}
