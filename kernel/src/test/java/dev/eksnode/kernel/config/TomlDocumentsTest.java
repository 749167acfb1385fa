package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TomlDocumentsTest {

  @Test
  void reportsASyntaxErrorWithItsLineAndColumn() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TomlDocuments.parse("bad.toml", "[cluster]\nname = \n"));

    assertEquals(1, e.problems().size());
    assertEquals(new ConfigLocation("bad.toml", 2, 8), e.problems().getFirst().location());
    assertEquals(
        "bad.toml, line 2, column 8: TOML syntax: Unexpected end of line, expected ', \", ''', \"\"\", a number,"
            + " a boolean, a date/time, an array, or a table",
        e.problems().getFirst().toString());
  }

  @Test
  void reportsEverySyntaxErrorOfADocument() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TomlDocuments.parse("bad.toml", "a = 1\n[t\nb = [1,\n"));

    assertEquals(
        List.of(new ConfigLocation("bad.toml", 2, 3), new ConfigLocation("bad.toml", 4, 1)),
        e.problems().stream().map(p -> p.location()).toList());
    assertEquals(
        """
        2 configuration problems:
          bad.toml, line 2, column 3: TOML syntax: Unexpected end of line, expected ]
          bad.toml, line 4, column 1: TOML syntax: Unexpected end of input, expected ] or a newline""",
        e.getMessage());
  }

  @Test
  void reportsARedefinedKeyWhereItIsRedefined() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> TomlDocuments.parse("dup.toml", "[cluster]\nname = \"x\"\nname = \"y\"\n"));

    assertEquals(
        "dup.toml, line 3, column 1: TOML syntax: name previously defined at line 2, column 1",
        e.problems().getFirst().toString());
  }

  @Test
  void keepsTheLocationOfEveryValue() {
    ConfigNode.Table document =
        TomlDocuments.parse("ok.toml", "# comment\n[cluster]\nname = \"demo\"\n  port = 443\nzones = [\"a\", \"b\"]\n");

    ConfigNode.Table cluster = (ConfigNode.Table) document.entries().get("cluster");
    ConfigNode.Array zones = (ConfigNode.Array) cluster.entries().get("zones");

    assertEquals(new ConfigLocation("ok.toml", 2, 1), cluster.location());
    assertEquals(new ConfigLocation("ok.toml", 3, 1), cluster.entries().get("name").location());
    assertEquals(new ConfigLocation("ok.toml", 4, 3), cluster.entries().get("port").location());
    assertEquals(new ConfigLocation("ok.toml", 5, 15), zones.items().get(1).location());
    assertEquals(Map.of("cluster", Map.of("name", "demo", "port", 443L, "zones", List.of("a", "b"))), document.plain());
  }

  @Test
  void keepsKeysInSourceOrder() {
    ConfigNode.Table document = TomlDocuments.parse("order.toml", "zebra = 1\napple = 2\nmango = 3\n");

    assertEquals(List.of("zebra", "apple", "mango"), List.copyOf(document.entries().keySet()));
  }

  @Test
  void refusesArraysNestedDeeperThanItReadsBeforeParsingThem() {
    String text = "# [[[ in a comment\nname = \"[[[ in a string\"\nflags = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

    ConfigException e = assertThrows(ConfigException.class, () -> TomlDocuments.parse("deep.toml", text));

    assertEquals("deep.toml, line 3, column 73: TOML nests deeper than eksnode reads (64 levels of arrays and inline tables)",
        e.problems().getFirst().toString());
  }

  @Test
  void refusesDottedKeysNestedDeeperThanItReads() {
    String text = "[kubelet.config]\n" + String.join(".", java.util.Collections.nCopies(100, "a")) + " = 1\n";

    ConfigException e = assertThrows(ConfigException.class, () -> TomlDocuments.parse("dotted.toml", text));

    assertEquals("dotted.toml, line 2, column 1: TOML nests deeper than eksnode reads (64 levels of tables, dotted keys and arrays)",
        e.problems().getFirst().toString());
  }

  @Test
  void readsNestingUpToTheLimit() {
    String text = "a = " + "[".repeat(64) + "]".repeat(64) + "\n";

    assertEquals(1, TomlDocuments.parse("ok.toml", text).entries().size());
  }
}
