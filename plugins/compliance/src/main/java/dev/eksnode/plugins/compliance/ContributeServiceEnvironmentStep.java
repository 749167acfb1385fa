package dev.eksnode.plugins.compliance;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Contributes the service environment of the selected rules, e.g. {@code AWS_USE_FIPS_ENDPOINT=true}
 * for every service, so the AWS SDKs on the node (kubelet's credential provider, the CNI) call FIPS
 * endpoints.
 */
final class ContributeServiceEnvironmentStep implements Step {

  @Override
  public String id() {
    return "compliance/service-environment";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.SERVICE_ENVIRONMENT);
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ComplianceSettings.of(context).appliedRules().stream()
        .filter(r -> r.control() instanceof Control.ServiceEnvironment)
        .toList();
    if (rules.isEmpty()) {
      return Outcome.skipped("no service-environment rules in profiles " + ComplianceSettings.of(context).profiles());
    }
    Map<String, Map<String, String>> environment = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Control.ServiceEnvironment control = (Control.ServiceEnvironment) rule.control();
      environment.computeIfAbsent(control.service(), s -> new LinkedHashMap<>()).put(control.name(), control.value());
    }
    context.contribute(Documents.SERVICE_ENVIRONMENT, environment);
    return Outcome.done();
  }
}
