package dev.eksnode.plugins.compliance;

import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the kubelet configuration core rendered (with the user's {@code kubelet.config} merged in) and
 * the modes of the kubelet's files against the selected rules. A plugin cannot read core's
 * configuration, so the rendered file is the only faithful view of what the kubelet will run with. In a
 * profile that enforces kubelet settings (stig) a failing rule fails the step, naming the key and how
 * to fix it; otherwise each failure is logged as a warning and shows in {@code eksnode compliance
 * report}.
 */
final class CheckKubeletSettingsStep implements Step {

  private static final Logger LOGGER = LoggerFactory.getLogger(CheckKubeletSettingsStep.class);

  @Override
  public String id() {
    return "compliance/kubelet-check";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  /**
   * The kubelet's files, once written: the check reads those files from the host, so it declares the
   * fact that says they are in place and runs after its publisher. Read if present: without the core
   * plugin there is nothing to check, and the step skips.
   */
  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.KUBELET_FILES);
  }

  @Override
  public Outcome apply(StepContext context) {
    ComplianceSettings settings = ComplianceSettings.of(context);
    RuleSet ruleSet = settings.ruleSet();
    String configPath = ruleSet.path("kubelet-config");
    if (!context.host().exists(configPath)) {
      return Outcome.skipped("no kubelet configuration at " + configPath + " to check");
    }
    RuleChecker checker = new RuleChecker(context.host(), ruleSet);
    List<Evaluation> failures = settings.appliedRules().stream()
        .filter(r -> r.phase() == Phase.BOOT
            && (r.control() instanceof Control.KubeletConfig || r.control() instanceof Control.FileMode))
        .map(checker::check)
        .filter(e -> e.status() == Evaluation.Status.FAIL)
        .toList();
    if (failures.isEmpty()) {
      return Outcome.done();
    }
    if (settings.enforceKubelet()) {
      throw new EksnodeException(failures.size() + " kubelet setting(s) break profile(s) " + settings.profiles() + ":\n  "
          + failures.stream().map(e -> "rule " + e.rule().id() + " (" + e.rule().title() + "): " + e.evidence()
              + "; wanted " + e.rule().control().describe()).collect(Collectors.joining("\n  "))
          + "\nchange kubelet.config, or waive the rule with plugins.compliance.waive = [{ id = \"...\", reason = \"...\" }]");
    }
    failures.forEach(e -> LOGGER.warn("compliance rule {} fails: {} (wanted {})", e.rule().id(), e.evidence(),
        e.rule().control().describe()));
    return Outcome.done();
  }
}
