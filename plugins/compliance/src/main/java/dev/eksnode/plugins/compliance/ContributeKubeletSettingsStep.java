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
 * Contributes the kubelet values of the selected rules ({@code readOnlyPort: 0}, {@code
 * rotateCertificates: true}, ...) to the kubelet configuration before core renders it. The user's
 * {@code kubelet.config} is merged by core and may still override them; {@link CheckKubeletSettingsStep}
 * checks the result.
 */
final class ContributeKubeletSettingsStep implements Step {

  @Override
  public String id() {
    return "compliance/kubelet-settings";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.KUBELET_CONFIG);
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ComplianceSettings.of(context).appliedRules().stream()
        .filter(r -> r.control() instanceof Control.KubeletConfig k && k.set())
        .toList();
    if (rules.isEmpty()) {
      return Outcome.skipped("no kubelet rules in profiles " + ComplianceSettings.of(context).profiles());
    }
    Map<String, Object> config = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Control.KubeletConfig control = (Control.KubeletConfig) rule.control();
      put(config, control.key(), control.value());
    }
    context.contribute(Documents.KUBELET_CONFIG, config);
    return Outcome.done();
  }

  /** Sets a dotted key in nested maps: {@code a.b = 1} becomes {@code {a: {b: 1}}}. */
  @SuppressWarnings("unchecked")
  static void put(Map<String, Object> config, String dottedKey, Object value) {
    String[] parts = dottedKey.split("\\.");
    Map<String, Object> current = config;
    for (int i = 0; i < parts.length - 1; i++) {
      current = (Map<String, Object>) current.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
    }
    current.put(parts[parts.length - 1], value instanceof Long n && n == n.intValue() ? Integer.valueOf(n.intValue()) : value);
  }
}
