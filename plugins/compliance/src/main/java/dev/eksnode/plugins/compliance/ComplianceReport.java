package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every selected rule evaluated against one root, with a summary. A report passes when no rule fails.
 *
 * @param profiles the profiles checked
 * @param source where the profiles came from, e.g. {@code /etc/eksnode/compliance.json}
 * @param evaluations one per selected rule, in rules-file order
 */
record ComplianceReport(List<String> profiles, String source, List<Evaluation> evaluations) {

  ComplianceReport {
    profiles = List.copyOf(profiles);
    evaluations = List.copyOf(evaluations);
  }

  static ComplianceReport evaluate(Host host, ComplianceSettings settings, String source) {
    RuleChecker checker = new RuleChecker(host, settings.ruleSet());
    List<Evaluation> evaluations = new ArrayList<>();
    for (Rule rule : settings.rules()) {
      evaluations.add(checker.evaluate(rule, settings.waivers()));
    }
    return new ComplianceReport(settings.profiles(), source, evaluations);
  }

  boolean passed() {
    return evaluations.stream().noneMatch(e -> e.status() == Evaluation.Status.FAIL);
  }

  Map<Evaluation.Status, Integer> counts() {
    Map<Evaluation.Status, Integer> counts = new EnumMap<>(Evaluation.Status.class);
    for (Evaluation.Status status : Evaluation.Status.values()) {
      counts.put(status, 0);
    }
    evaluations.forEach(e -> counts.merge(e.status(), 1, Integer::sum));
    return counts;
  }

  /** A table: id, status, title, evidence; then the summary. */
  String text() {
    int idWidth = Math.max(2, evaluations.stream().mapToInt(e -> e.rule().id().length()).max().orElse(2));
    StringBuilder out = new StringBuilder();
    out.append("compliance report: profiles ").append(String.join(", ", profiles)).append(" (").append(source).append(")\n\n");
    String format = "%-" + idWidth + "s  %-14s  %s%n";
    out.append(String.format(format, "ID", "STATUS", "TITLE"));
    for (Evaluation e : evaluations) {
      out.append(String.format(format, e.rule().id(), e.status().word(), e.rule().title()));
      out.append(" ".repeat(idWidth + 18)).append(e.evidence()).append('\n');
    }
    out.append('\n').append(summary()).append('\n');
    return out.toString();
  }

  String summary() {
    Map<Evaluation.Status, Integer> counts = counts();
    return (passed() ? "PASSED" : "FAILED") + ": " + evaluations.size() + " rules, "
        + counts.get(Evaluation.Status.PASS) + " pass, " + counts.get(Evaluation.Status.FAIL) + " fail, "
        + counts.get(Evaluation.Status.WAIVED) + " waived, " + counts.get(Evaluation.Status.NOT_APPLICABLE) + " not applicable";
  }

  /** The same as plain values for {@code --output json}. */
  Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("profiles", profiles);
    json.put("profilesFrom", source);
    json.put("passed", passed());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("rules", evaluations.size());
    counts().forEach((status, count) -> summary.put(status.word(), count));
    json.put("summary", summary);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Evaluation e : evaluations) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", e.rule().id());
      rule.put("status", e.status().word());
      rule.put("title", e.rule().title());
      rule.put("benchmark", e.rule().benchmark());
      rule.put("kind", e.rule().control().kind());
      rule.put("evidence", e.evidence());
      rules.add(rule);
    }
    json.put("rules", rules);
    return json;
  }
}
