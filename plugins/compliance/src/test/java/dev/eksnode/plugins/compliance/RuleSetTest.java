package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.EksnodeException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rules file: what it holds, how profiles select from it, and how mistakes in it are reported. */
class RuleSetTest {

  private static final RuleSet RULES = RuleSet.builtIn();

  @Test
  void profilesSelectTheExpectedNumberOfRules() {
    Map<String, Integer> counts = new TreeMap<>();
    RULES.profiles().keySet().forEach(p -> counts.put(p, RULES.select(List.of(p)).size()));

    assertEquals(Map.of("cis-level1", 59, "cis-level2", 66, "fips", 3, "stig", 74), counts);
    assertEquals(77, RULES.rules().size());
  }

  @Test
  void levelTwoIncludesLevelOneAndStigIncludesLevelTwo() {
    assertTrue(RULES.select(List.of("cis-level2")).containsAll(RULES.select(List.of("cis-level1"))));
    assertTrue(RULES.select(List.of("stig")).containsAll(RULES.select(List.of("cis-level2"))));
    assertEquals(Set.of("stig", "cis-level2", "cis-level1"), RULES.expand(List.of("stig")));
  }

  @Test
  void theBuiltInProfilesDoNotConflictAlone() {
    for (String profile : RULES.profiles().keySet()) {
      assertEquals(List.of(), RuleSet.conflicts(RULES.select(List.of(profile)), Set.of()), profile);
    }
    assertEquals(List.of(), RuleSet.conflicts(RULES.select(List.of("stig", "fips")), Set.of()));
  }

  @Test
  void networkBreakingRulesAreDocumentedExceptions() {
    for (String id : List.of("3.2.1", "3.3.7", "3.3.9")) {
      Rule rule = RULES.find(id).orElseThrow();
      assertTrue(rule.exception().isPresent(), id);
      assertTrue(!rule.applied(), id);
    }
  }

  @Test
  void everyKubeletValueEksnodeSetsSatisfiesItsOwnCheck() {
    for (Rule rule : RULES.rules()) {
      if (rule.control() instanceof Control.KubeletConfig k && k.set()) {
        assertTrue(RuleChecker.kubeletMatches(k, k.value()), rule.id());
      }
    }
  }

  @Test
  void kubeletChecksCompareByMeaning() {
    Control.KubeletConfig port = (Control.KubeletConfig) RULES.find("eks-3.2.4").orElseThrow().control();
    Control.KubeletConfig timeout = (Control.KubeletConfig) RULES.find("stig-kubelet-streaming-timeout").orElseThrow().control();
    Control.KubeletConfig notZero = (Control.KubeletConfig) RULES.find("eks-3.2.5").orElseThrow().control();

    assertTrue(RuleChecker.kubeletMatches(port, 0));
    assertTrue(!RuleChecker.kubeletMatches(port, 10255));
    assertTrue(RuleChecker.kubeletMatches(timeout, "300s"));
    assertTrue(!RuleChecker.kubeletMatches(timeout, "4h0m0s"));
    assertTrue(!RuleChecker.kubeletMatches(notZero, "0"), "0 and 0s are the same duration");
    assertTrue(RuleChecker.kubeletMatches(notZero, "30m"));
  }

  private static final String HEAD = """
      [benchmarks]
      b = "a benchmark"
      [profiles.one]
      [profiles.two]
      [paths]
      """;

  @Test
  void twoRulesSettingTheSameKeyDifferentlyConflictNamingBoth() {
    RuleSet set = RuleSet.parse(HEAD + """
        [[rule]]
        id = "a"
        title = "A"
        benchmark = "b"
        profiles = ["one"]
        kind = "config-line"
        file = "/etc/ssh/sshd_config"
        dialect = "sshd"
        settings = { ClientAliveCountMax = "3" }

        [[rule]]
        id = "b"
        title = "B"
        benchmark = "b"
        profiles = ["two"]
        kind = "config-line"
        file = "/etc/ssh/sshd_config"
        dialect = "sshd"
        settings = { ClientAliveCountMax = "1" }
        """, "test.toml");

    assertEquals(List.of("rule a sets ClientAliveCountMax = 3 but rule b sets it to 1"),
        RuleSet.conflicts(set.select(List.of("one", "two")), Set.of()));
    assertEquals(List.of(), RuleSet.conflicts(set.select(List.of("one", "two")), Set.of("b")), "a waiver resolves it");
  }

  @Test
  void reportsEveryMistakeInARulesFileWithItsLine() {
    EksnodeException e = assertThrows(EksnodeException.class, () -> RuleSet.parse(HEAD + """
        [[rule]]
        id = "x"
        title = "X"
        benchmark = "b"
        profiles = ["three"]
        kind = "sysctl"
        settings = { "kernel.x" = "1" }

        [[rule]]
        id = "y"
        title = "Y"
        benchmark = "b"
        profiles = ["one"]
        kind = "teleport"
        """, "test.toml"));

    assertEquals("""
        invalid rules file:
          test.toml, line 7: rule x: unknown profile 'three'
          test.toml, line 15: rule y: unknown kind 'teleport'""", e.getMessage());
  }
}
