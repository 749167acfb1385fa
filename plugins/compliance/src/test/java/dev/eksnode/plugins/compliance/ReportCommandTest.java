package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.PluginCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksnode compliance report}: arguments, profile source, text, JSON and exit code. */
class ReportCommandTest {

  @TempDir Path root;

  private final ReportCommand command = new ReportCommand(RuleSet::builtIn);

  @Test
  void unhardenedRootFailsWithExit1AndPerRuleEvidence() {
    ComplianceRuns.al2023(root);
    PluginCommand.Result result = command.run(List.of(), ComplianceRuns.host(root));

    assertEquals(1, result.exitCode());
    assertTrue(result.text().startsWith(
        "compliance report: profiles cis-level1 (default; no /etc/eksnode/compliance.json)\n\n"), result.text());
    assertTrue(result.text().contains("""
        4.2.7      fail            Ensure SSH root login is disabled
                                   PermitRootLogin prohibit-password (not set: sshd default)
        """), result.text());
    assertTrue(result.text().endsWith(
        "FAILED: 59 rules, 19 pass, 23 fail, 0 waived, 17 not applicable\n"), result.text());
  }

  @Test
  void hardenedRootPassesWithExit0AndUsesTheRecordedProfile() {
    ComplianceRuns.al2023(root);
    ComplianceRuns.run(root, Phase.IMAGE, "[plugins.compliance]\nenabled = true\nprofiles = [\"cis-level2\"]\n");
    PluginCommand.Result result = command.run(List.of(), ComplianceRuns.host(root));

    assertEquals(0, result.exitCode(), result.text());
    assertTrue(result.text().startsWith("compliance report: profiles cis-level2 (/etc/eksnode/compliance.json)"), result.text());
    @SuppressWarnings("unchecked")
    Map<String, Object> summary = (Map<String, Object>) ((Map<String, Object>) result.json()).get("summary");
    assertEquals(Map.of("rules", 66, "pass", 49, "fail", 0, "waived", 0, "not-applicable", 17), summary);
  }

  @Test
  void profileOptionChecksOtherProfiles() {
    ComplianceRuns.al2023(root);
    ComplianceRuns.run(root, Phase.IMAGE, "[plugins.compliance]\nenabled = true\n");
    PluginCommand.Result result = command.run(List.of("--profile", "cis-level2"), ComplianceRuns.host(root));

    assertEquals(1, result.exitCode());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) result.json()).get("rules");
    Map<String, Object> x11 = rules.stream().filter(r -> r.get("id").equals("4.2.12")).findFirst().orElseThrow();
    assertEquals(Map.of("id", "4.2.12", "status", "fail", "title", "Ensure SSH X11 forwarding is disabled",
        "benchmark", "cis-al2023", "kind", "config-line",
        "evidence", "X11Forwarding yes (/etc/ssh/sshd_config.d/50-redhat.conf)"), x11);
  }

  @Test
  void badArgumentsAreConfigProblemsListedTogether() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> command.run(List.of("--profile=cis-level9", "--verbose"), ComplianceRuns.host(root)));

    assertEquals("""
        2 configuration problems:
          eksnode compliance report: unknown profile 'cis-level9' (known: cis-level1, cis-level2, stig, fips)
          eksnode compliance report: unknown argument '--verbose' (usage: eksnode compliance report [--profile P[,P...]] [--root DIR] [--output text|json])""",
        e.getMessage());
  }
}
