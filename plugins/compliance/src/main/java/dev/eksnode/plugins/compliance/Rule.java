package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Phase;
import java.util.List;
import java.util.Optional;

/**
 * One hardening rule, as read from {@code rules.toml}.
 *
 * @param id the benchmark's section number, e.g. {@code 3.3.8} or {@code eks-3.2.4}
 * @param title the benchmark's wording
 * @param benchmark a key of the rules file's {@code [benchmarks]}
 * @param profiles the profiles that list the rule directly
 * @param phase when the rule's subject is written: {@link Phase#IMAGE} or {@link Phase#BOOT}
 * @param exception why eksnode deliberately does not apply the rule, or empty
 * @param control how it is applied and checked
 */
record Rule(
    String id,
    String title,
    String benchmark,
    List<String> profiles,
    Phase phase,
    Optional<String> exception,
    Control control) {

  Rule {
    profiles = List.copyOf(profiles);
  }

  /** Whether eksnode applies this rule (it is not a documented exception and not manual). */
  boolean applied() {
    return exception.isEmpty() && !(control instanceof Control.Manual);
  }
}
