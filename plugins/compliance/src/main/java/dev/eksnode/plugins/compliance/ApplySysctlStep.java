package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;

/** Writes the kernel parameters of the selected sysctl rules to one {@code sysctl.d} file. */
final class ApplySysctlStep implements Step {

  static final String PATH = "/etc/sysctl.d/60-eksnode-compliance.conf";

  @Override
  public String id() {
    return "compliance/sysctl";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.Sysctl.class);
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "sysctl"));
    }
    StringBuilder text = new StringBuilder(ImageSteps.HEADER);
    for (Rule rule : rules) {
      text.append(ImageSteps.comment(rule));
      for (Map.Entry<String, String> entry : ((Control.Sysctl) rule.control()).values().entrySet()) {
        text.append(entry.getKey()).append(" = ").append(entry.getValue()).append('\n');
      }
    }
    context.host().writeString(PATH, text.toString(), 0644);
    return Outcome.done();
  }
}
