package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;

/**
 * Disables the enabled units of the selected service-disabled rules. On a root that is not the live
 * machine the service action is only recorded, so the step also removes the enablement links, leaving
 * the tree as {@code systemctl disable} would.
 */
final class DisableServicesStep implements Step {

  @Override
  public String id() {
    return "compliance/services";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.ServiceDisabled.class);
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "service-disabled"));
    }
    var host = context.host();
    for (Rule rule : rules) {
      String unit = ((Control.ServiceDisabled) rule.control()).unit();
      List<String> links = RuleChecker.enablingLinks(host, unit);
      if (links.isEmpty()) {
        continue;
      }
      host.service(ServiceAction.DISABLE, unit);
      if (!host.live()) {
        links.forEach(host::delete);
      }
    }
    return Outcome.done();
  }
}
