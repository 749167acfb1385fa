package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.kernel.Setup;
import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding {@code [plugins.compliance]}: profiles, waivers, and every mistake reported with its place. */
class ComplianceSettingsTest {

  private static Setup bind(String toml) {
    return Kernel.bind(Kernel.of(List.of(new LoadedPlugin(new CompliancePlugin(), LoadedPlugin.BUILT_IN))),
        TomlDocuments.parse("eksnode.toml", toml));
  }

  private static List<String> problems(String toml) {
    ConfigException e = assertThrows(ConfigException.class, () -> bind(toml));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void cisLevelOneIsTheDefaultProfile() {
    Object bound = bind("[plugins.compliance]\nenabled = true\n").bound().get("compliance");
    ComplianceSettings settings = ((ComplianceSettings.Defaults) bound).get();

    assertEquals(List.of("cis-level1"), settings.profiles());
    assertEquals(RuleSet.builtIn().select(List.of("cis-level1")), settings.rules());
    assertEquals(false, settings.enforceKubelet());
  }

  @Test
  void thePluginIsOffUnlessEnabled() {
    assertEquals(java.util.Set.of(), bind("[plugins.compliance]\nprofiles = [\"stig\"]\n").enabled());
    assertEquals(java.util.Set.of("compliance"), bind("[plugins.compliance]\nenabled = true\n").enabled());
  }

  @Test
  void theStigProfileEnforcesKubeletSettings() {
    ComplianceSettings settings = (ComplianceSettings) bind("[plugins.compliance]\nprofiles = [\"stig\"]\n").bound().get("compliance");

    assertTrue(settings.enforceKubelet());
  }

  @Test
  void waiversKeepTheirReasons() {
    ComplianceSettings settings = (ComplianceSettings) bind("""
        [plugins.compliance]
        waive = [{ id = "1.1.2.3", reason = "agents run from /tmp" }]
        """).bound().get("compliance");

    assertEquals(Map.of("1.1.2.3", "agents run from /tmp"), settings.waivers());
    assertTrue(settings.appliedRules().stream().noneMatch(r -> r.id().equals("1.1.2.3")));
  }

  @Test
  void reportsEveryMistakeAtOnceWithItsLocation() {
    assertEquals(List.of(
        "eksnode.toml, line 2, column 1: plugins.compliance.profiles: unknown profile 'cis-level3' (known: cis-level1, cis-level2, stig, fips)",
        "eksnode.toml, line 3, column 1: plugins.compliance.waive: waive[0] (rule 1.1.2.3) needs a reason: a waiver is reported with it",
        "eksnode.toml, line 3, column 1: plugins.compliance.waive: waive[1]: no rule '9.9.9' (rule ids are listed in docs/compliance.md)",
        "eksnode.toml, line 3, column 1: plugins.compliance.waive: waive[2]: rule fips-kernel is not in the profiles [cis-level1] (it is in [fips])"),
        problems("""
            [plugins.compliance]
            profiles = ["cis-level1", "cis-level3"]
            waive = [{ id = "1.1.2.3" }, { id = "9.9.9", reason = "x" }, { id = "fips-kernel", reason = "y" }]
            """));
  }

  @Test
  void conflictingProfilesAreAConfigurationErrorAtTheProfilesLine() {
    RuleSet rules = RuleSet.parse("""
        [benchmarks]
        b = "a benchmark"
        [profiles.one]
        [profiles.two]
        [[rule]]
        id = "a"
        title = "A"
        benchmark = "b"
        profiles = ["one"]
        kind = "sysctl"
        settings = { "net.ipv4.tcp_syncookies" = "1" }
        [[rule]]
        id = "b"
        title = "B"
        benchmark = "b"
        profiles = ["two"]
        kind = "sysctl"
        settings = { "net.ipv4.tcp_syncookies" = "0" }
        """, "test.toml");
    List<ConfigProblem> problems = new java.util.ArrayList<>();
    ComplianceSettings.bind(dev.eksnode.kernel.config.SectionView.root(
        TomlDocuments.parse("eksnode.toml", "[plugins.compliance]\nprofiles = [\"one\", \"two\"]\n"), problems, key -> true), rules);

    assertEquals(List.of("eksnode.toml, line 2, column 1: plugins.compliance.profiles: profiles [one, two] conflict: "
        + "rule a sets net.ipv4.tcp_syncookies = 1 but rule b sets it to 0 (waive one of the two rules, or drop a profile)"),
        problems.stream().map(ConfigProblem::toString).toList());
  }

  @Test
  void refusesAnUnknownKey() {
    List<String> problems = problems("[plugins.compliance]\nprofile = [\"stig\"]\n");

    assertEquals(1, problems.size());
    assertTrue(problems.getFirst().startsWith("eksnode.toml, line 2, column 1: plugins.compliance.profile: unknown key"), problems.toString());
  }
}
