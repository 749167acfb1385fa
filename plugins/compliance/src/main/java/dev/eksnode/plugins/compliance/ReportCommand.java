package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.PluginCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code eksnode compliance report}: evaluates every rule of the profiles against the root and prints
 * pass, fail, waived or not applicable per rule with the evidence. The profiles and waivers are the ones
 * the image was hardened with ({@code /etc/eksnode/compliance.json}); {@code --profile} checks other
 * profiles (the recorded waivers still apply). Exit code 0 only when nothing fails.
 */
final class ReportCommand implements PluginCommand {

  /** Exit code when a rule fails. */
  static final int FAILED = 1;

  private final java.util.function.Supplier<RuleSet> ruleSet;

  /** The rules are read when the command runs, not when the CLI lists commands. */
  ReportCommand(java.util.function.Supplier<RuleSet> ruleSet) {
    this.ruleSet = ruleSet;
  }

  @Override
  public String name() {
    return "compliance report";
  }

  @Override
  public String summary() {
    return "Check the node (or --root) against its compliance profiles, rule by rule.";
  }

  @Override
  public String usage() {
    return "eksnode compliance report [--profile P[,P...]] [--root DIR] [--output text|json]";
  }

  @Override
  public String help() {
    return """
        Evaluates every rule of the profiles against the root (the live node by default, or a mounted
        image or snapshot with --root) and prints pass, fail, waived or not-applicable for each rule with
        the value found, then a summary. Without --profile it checks the profiles and waivers the image
        was built with (/etc/eksnode/compliance.json), or cis-level1 when there is none. Profiles:
        %s. Exits 0 when no rule fails, 1 when one does.
        Example: eksnode compliance report --profile cis-level2,fips --root /mnt/image --output json
        """.formatted(String.join(", ", ruleSet.get().profiles().keySet()));
  }

  @Override
  public Result run(List<String> arguments, Host host) {
    RuleSet rules = ruleSet.get();
    List<String> requested = new ArrayList<>();
    List<ConfigProblem> problems = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String value = null;
      if (argument.startsWith("--profile=")) {
        value = argument.substring("--profile=".length());
      } else if (argument.equals("--profile")) {
        if (i + 1 >= arguments.size()) {
          problems.add(problem("--profile needs a value", ""));
          continue;
        }
        value = arguments.get(++i);
      } else {
        problems.add(problem("unknown argument '" + argument + "'", "usage: " + usage()));
        continue;
      }
      for (String profile : value.split(",")) {
        if (rules.profiles().containsKey(profile.strip())) {
          requested.add(profile.strip());
        } else {
          problems.add(problem("unknown profile '" + profile + "'", "known: " + String.join(", ", rules.profiles().keySet())));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Optional<Map.Entry<List<String>, Map<String, String>>> recorded = RecordAppliedProfileStep.read(host);
    Map<String, String> waivers = recorded.map(Map.Entry::getValue).orElse(new LinkedHashMap<>());
    List<String> profiles;
    String source;
    if (!requested.isEmpty()) {
      profiles = requested;
      source = "--profile";
    } else if (recorded.isPresent() && !recorded.get().getKey().isEmpty()) {
      profiles = recorded.get().getKey();
      source = RecordAppliedProfileStep.PATH;
    } else {
      profiles = List.of(ComplianceSettings.DEFAULT_PROFILE);
      source = "default; no " + RecordAppliedProfileStep.PATH;
    }
    ComplianceReport report = ComplianceReport.evaluate(host, ComplianceSettings.of(rules, profiles, waivers), source);
    return new Result(report.passed() ? 0 : FAILED, report.text(), report.json());
  }

  private static ConfigProblem problem(String message, String suggestion) {
    return new ConfigProblem(ConfigLocation.of("eksnode compliance report"), "", message, suggestion);
  }
}
