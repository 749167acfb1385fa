package dev.eksnode.kernel.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class JacksonDocumentsTest {

  private static ConfigNode at(Table table, String... path) {
    ConfigNode node = table;
    for (String key : path) {
      node = ((Table) node).entries().get(key);
    }
    return node;
  }

  @Test
  void locatesYamlEntriesAtTheirKeys() {
    String yaml = """
        apiVersion: node.eks.aws/v1alpha1
        spec:
          cluster:
            cidr: 10.100.0.0/16
          kubelet:
            flags:
              - --v=2
              - --node-labels=a=b
        """;
    Table doc = JacksonDocuments.yaml("user-data", yaml).documents().getFirst();
    assertEquals(new ConfigLocation("user-data", 4, 5), at(doc, "spec", "cluster", "cidr").location());
    assertEquals("10.100.0.0/16", ((Leaf) at(doc, "spec", "cluster", "cidr")).value());
    var flags = (ConfigNode.Array) at(doc, "spec", "kubelet", "flags");
    assertEquals(new ConfigLocation("user-data", 8, 9), flags.items().get(1).location());
  }

  @Test
  void typesYamlScalarsAsNodeadmDoes() {
    Table doc = JacksonDocuments.yaml("y", "a: 1\nb: true\nc: \"1\"\nd: 1.5\ne: 30s\nf:\ng: ''\n").documents().getFirst();
    assertEquals(1L, ((Leaf) at(doc, "a")).value());
    assertEquals(Boolean.TRUE, ((Leaf) at(doc, "b")).value());
    assertEquals("1", ((Leaf) at(doc, "c")).value());
    assertEquals(1.5, ((Leaf) at(doc, "d")).value());
    assertEquals("30s", ((Leaf) at(doc, "e")).value());
    assertTrue(!doc.entries().containsKey("f"), "null values are dropped: " + doc.entries());
    assertEquals("", ((Leaf) at(doc, "g")).value());
  }

  @Test
  void readsIntegersUpToTheUnsignedSixtyFourBitMaximumAndRefusesLarger() {
    Table doc = JacksonDocuments.json("j", "{\"long\": 9223372036854775807, \"unlimited\": 18446744073709551615}").documents().getFirst();
    assertEquals(Long.MAX_VALUE, ((Leaf) at(doc, "long")).value());
    assertEquals(new BigInteger("18446744073709551615"), ((Leaf) at(doc, "unlimited")).value());
    assertEquals("integer", ConfigNode.typeName(at(doc, "unlimited")));
    assertEquals(JacksonDocuments.UNSIGNED_64_MAX, ((Leaf) at(doc, "unlimited")).value());

    ConfigException e = assertThrows(ConfigException.class,
        () -> JacksonDocuments.yaml("y", "a: 1\nb: 18446744073709551616\nc: -9223372036854775809\n"));
    assertEquals(List.of(
        "y, line 2, column 4: integer 18446744073709551616 is out of range (integers run from -9223372036854775808 to 18446744073709551615)",
        "y, line 3, column 4: integer -9223372036854775809 is out of range (integers run from -9223372036854775808 to 18446744073709551615)"),
        e.problems().stream().map(Object::toString).toList());
  }

  @Test
  void readsEveryDocumentOfAYamlStream() {
    var parsed = JacksonDocuments.yaml("y", "---\na: 1\n---\nb: 2\n");
    assertEquals(2, parsed.documents().size());
    assertEquals(new ConfigLocation("y", 4, 1), at(parsed.documents().get(1), "b").location());
  }

  @Test
  void locatesJsonEntries() {
    Table doc = JacksonDocuments.json("j", "{\n  \"spec\": {\n    \"cluster\": {\"cidr\": \"x\"}\n  }\n}").documents().getFirst();
    assertEquals(new ConfigLocation("j", 3, 17), at(doc, "spec", "cluster", "cidr").location());
  }

  @Test
  void reportsYamlSyntaxErrorsWithLineAndColumn() {
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.yaml("y", "a:\n  b: 1\n c: 2\n"));
    var problem = e.problems().getFirst();
    assertEquals(3, problem.location().line());
    assertTrue(problem.message().startsWith("YAML syntax: "), problem.message());
  }

  @Test
  void reportsJsonSyntaxErrorsWithLineAndColumn() {
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.json("j", "{\n  \"a\": 1,\n}\n"));
    var problem = e.problems().getFirst();
    assertEquals(new ConfigLocation("j", 3, 1), problem.location());
    assertTrue(problem.message().startsWith("JSON syntax: "), problem.message());
  }

  @Test
  void refusesDuplicateKeysNamingTheFirst() {
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.yaml("y", "a: 1\nb: 2\na: 3\n"));
    assertEquals("y, line 3, column 1: duplicate key \"a\" (first at line 1) (remove one of them)", e.problems().getFirst().toString());
  }

  @Test
  void refusesANonMappingDocument() {
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.yaml("y", "- a\n- b\n"));
    assertEquals("y, line 1, column 1: expected a mapping of keys to values at the top of the document, found list",
        e.problems().getFirst().toString());
  }

  @Test
  void boundsAliasBombs() {
    StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char previous = 'a';
    for (char c = 'b'; c <= 'j'; c++) {
      yaml.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      yaml.append("]\n");
      previous = c;
    }
    // Refused at the first alias (line 2), before any expansion: the bound is the alias ban, not a time.
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.yaml("bomb", yaml.toString()));
    assertEquals("bomb, line 2, column 8: YAML aliases (*a) are not supported (write the value out in full)",
        e.problems().getFirst().toString());
  }

  @Test
  void boundsNesting() {
    String deep = "a: ".repeat(0) + "[".repeat(200) + "]".repeat(200);
    ConfigException e = assertThrows(ConfigException.class, () -> JacksonDocuments.json("deep", "{\"a\": " + deep + "}"));
    assertEquals("deep, line 1, column 70: JSON syntax: nests deeper than eksnode reads (64 levels)",
        e.problems().getFirst().toString());
  }

  @Test
  void remembersWhereABlockScalarsTextStarts() {
    String yaml = """
        spec:
          containerd:
            config: |
              [a]
              b = 1
        """;
    var parsed = JacksonDocuments.yaml("y", yaml);
    Leaf config = (Leaf) at(parsed.documents().getFirst(), "spec", "containerd", "config");
    assertEquals(new JacksonDocuments.TextOrigin(3, 13, 6), parsed.origins().get(config));
  }
}
