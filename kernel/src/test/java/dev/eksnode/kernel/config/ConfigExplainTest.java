package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.internal.config.ConfigMerge;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Table;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigExplainTest {

  @Test
  void attributesAppendedItemsOneByOne() {
    Table a = TomlDocuments.parse("a.toml", "[kubelet]\nflags = [\"--v=2\"]\n");
    Table b = TomlDocuments.parse("b.toml", "[kubelet]\nflags = [\"--x=1\"]\n");
    Table merged = new ConfigMerge(Set.of("kubelet.flags")).merge(List.of(a, b), Table.empty(ConfigLocation.of("d")));
    assertEquals(List.of(
            "kubelet.flags[0] = \"--v=2\"  # a.toml, line 2, column 10",
            "kubelet.flags[1] = \"--x=1\"  # b.toml, line 2, column 10"),
        ConfigExplain.text(ConfigExplain.entries(merged)));
  }

  @Test
  void redactsCredentialsAndShortensLongValues() {
    Table doc = TomlDocuments.parse("a.toml", "p = \"http://user:secret@proxy:3128\"\nca = \"" + "A".repeat(200) + "\"\n");
    List<String> lines = ConfigExplain.text(ConfigExplain.entries(doc));
    assertEquals("p = \"http://****@proxy:3128\"", lines.get(0).substring(0, lines.get(0).indexOf("  #")).strip());
    assertEquals("ca = \"" + "A".repeat(52) + "\"... (200 characters)", lines.get(1).substring(0, lines.get(1).indexOf("  #")).strip());
  }

  @Test
  void namesTheKeyAsItWasWritten() {
    Table doc = new Table(java.util.Map.of("cluster", new Table(java.util.Map.of("serviceCidr",
        new dev.eksnode.spi.ConfigNode.Leaf("10.100.0.0/16", new ConfigLocation("user-data part 1 (application/node.eks.aws)", 9, 5, "spec.cluster.cidr"))),
        ConfigLocation.of("x"))), ConfigLocation.of("x"));
    assertEquals(List.of("cluster.serviceCidr = \"10.100.0.0/16\"  # user-data part 1 (application/node.eks.aws), line 9, column 5 (spec.cluster.cidr)"),
        ConfigExplain.text(ConfigExplain.entries(doc)));
  }
}
