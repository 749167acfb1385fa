package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Phase;
import dev.eksnode.spi.StepContext;
import java.util.List;

/** What the image-phase steps share: the applied rules of one kind. */
final class ImageSteps {

  private ImageSteps() {}

  /** The applied image-phase rules whose control is of {@code type}, in file order. */
  static <C extends Control> List<Rule> rules(StepContext context, Class<C> type) {
    return ComplianceSettings.of(context).appliedRules().stream()
        .filter(r -> r.phase() == Phase.IMAGE && type.isInstance(r.control()))
        .toList();
  }

  /** A comment line naming a rule, for the files eksnode writes. */
  static String comment(Rule rule) {
    return "# " + rule.id() + " " + rule.title() + "\n";
  }

  static final String HEADER = "# Written by eksnode (plugin compliance) at image build; see docs/compliance.md.\n";

  /** A skip reason naming the profiles. */
  static String nothingFor(StepContext context, String what) {
    return "no " + what + " rules in profiles " + ComplianceSettings.of(context).profiles();
  }
}
