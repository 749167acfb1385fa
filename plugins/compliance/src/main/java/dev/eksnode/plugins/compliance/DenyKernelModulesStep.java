package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;

/** Keeps the modules of the selected modprobe-deny rules from loading: {@code install X /bin/false} and {@code blacklist X}. */
final class DenyKernelModulesStep implements Step {

  static final String PATH = "/etc/modprobe.d/eksnode-compliance.conf";

  @Override
  public String id() {
    return "compliance/kernel-modules";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.ModprobeDeny.class);
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "modprobe-deny"));
    }
    StringBuilder text = new StringBuilder(ImageSteps.HEADER);
    for (Rule rule : rules) {
      String module = ((Control.ModprobeDeny) rule.control()).module();
      text.append(ImageSteps.comment(rule))
          .append("install ").append(module).append(" /bin/false\n")
          .append("blacklist ").append(module).append('\n');
    }
    context.host().writeString(PATH, text.toString(), 0644);
    return Outcome.done();
  }
}
