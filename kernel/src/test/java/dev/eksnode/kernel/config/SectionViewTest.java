package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.internal.config.JacksonDocuments;
import dev.eksnode.kernel.internal.config.KeyPath;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SectionViewTest {

  private final List<ConfigProblem> problems = new ArrayList<>();

  private ConfigSection view(String toml, boolean lenient) {
    return SectionView.root(TomlDocuments.parse("f.toml", toml), problems, key -> true, lenient);
  }

  @Test
  void readsQuotedKeysThatContainDots() {
    ConfigSection root = view("[kubelet.labels]\n\"node.kubernetes.io/role\" = \"web\"\n", false);
    ConfigSection labels = root.section("kubelet.labels");
    assertEquals(Set.of("node.kubernetes.io/role"), labels.keys());
    assertEquals(Optional.of("web"), labels.string(ConfigSection.literal("node.kubernetes.io/role")));
    assertEquals(Optional.of("web"), root.string("kubelet.labels.\"node.kubernetes.io/role\""));
  }

  @Test
  void addressesListItemsByIndex() {
    ConfigSection kubelet = view("[kubelet]\nflags = [\n  \"--v=2\",\n  \"bad\",\n]\n", false).section("kubelet");
    kubelet.problem("flags[1]", "is not a flag");
    kubelet.problem("flags[0]", "is fine");
    assertEquals("f.toml, line 4, column 3: kubelet.flags[1]: is not a flag", problems.get(0).toString());
    assertEquals("f.toml, line 3, column 3: kubelet.flags[0]: is fine", problems.get(1).toString());
    ConfigSection inline = view("[kubelet]\nflags = [\"--a\", \"--b\"]\n", false).section("kubelet");
    inline.problem("flags[0]", "first");
    inline.problem("flags[1]", "second");
    assertEquals("f.toml, line 2, column 10: kubelet.flags[0]: first", problems.get(2).toString());
    assertEquals("f.toml, line 2, column 17: kubelet.flags[1]: second", problems.get(3).toString());
  }

  @Test
  void reportsWrongTypesWithTheValueFound() {
    view("[cluster]\nenableOutpost = \"yes\"\n", false).section("cluster").bool("enableOutpost");
    assertEquals("f.toml, line 2, column 1: cluster.enableOutpost: expected true or false, found string \"yes\"",
        problems.getFirst().toString());
  }

  @Test
  void reportsAnIntegerBeyondALongAsOutOfRangeForAnIntegerKey() {
    ConfigSection root = SectionView.root(
        JacksonDocuments.yaml("u.yaml", "plugins:\n  efa:\n    hugepages: 18446744073709551615\n").documents().getFirst(),
        problems, key -> true, false);
    assertEquals(Optional.empty(), root.section("plugins.efa").integer("hugepages"));
    assertEquals("u.yaml, line 3, column 5: plugins.efa.hugepages: integer 18446744073709551615 is out of range (at most 9223372036854775807)",
        problems.getFirst().toString());
  }

  @Test
  void suggestsTheClosestKnownKey() {
    view("[cluster]\nnmae = \"a\"\n", false).section("cluster").allowOnly(Set.of("name", "id"));
    assertEquals("f.toml, line 2, column 1: cluster.nmae: unknown key (did you mean 'name'?)", problems.getFirst().toString());
    assertEquals(ConfigProblem.Severity.ERROR, problems.getFirst().severity());
  }

  @Test
  void reportsUnknownKeysAsWarningsWhenLenient() {
    view("[cluster]\nnmae = \"a\"\n", true).section("cluster").allowOnly(Set.of("name"));
    assertEquals(ConfigProblem.Severity.WARNING, problems.getFirst().severity());
  }

  @Test
  void quotesUnknownKeysThatContainDots() {
    view("[x]\n\"a.b\" = 1\n", false).section("x").allowOnly(Set.of("c"));
    assertEquals("f.toml, line 2, column 1: x.\"a.b\": unknown key (known keys: c)", problems.getFirst().toString());
  }

  @Test
  void parsesKeyPaths() {
    assertEquals("a.\"b.c\"[2].d", KeyPath.parse("a.\"b.c\"[2].d").toString());
    assertEquals(4, KeyPath.parse("a.\"b.c\"[2].d").segments().size() + 1);
  }
}
