package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.node.Documents;
import dev.eksnode.plugins.nfdlabels.NfdLabelsConfig.Group;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Computes the enabled label groups from the root and contributes them to the node labels. */
final class FeatureLabelsStep implements Step {

  @Override
  public String id() {
    return "nfd-labels/labels";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.NODE_LABELS);
  }

  @Override
  public Outcome apply(StepContext context) {
    NfdLabelsConfig config = context.config(NfdLabelsConfig.class);
    Features features = new Features(context.host());
    Map<String, String> labels = new TreeMap<>();
    for (Group group : config.groups()) {
      Map<String, String> found =
          switch (group) {
            case CPU -> features.cpu();
            case KERNEL -> features.kernel();
            case SYSTEM -> features.system();
            case PCI -> features.pci(config.pciClasses());
            case STORAGE -> features.storage();
            case MEMORY -> features.memory();
          };
      found.forEach((name, value) -> Labels.label(name, value).ifPresent(l -> labels.put(l.getKey(), l.getValue())));
    }
    if (labels.isEmpty()) {
      return Outcome.skipped("no features found for groups " + config.groups().stream().map(Group::key).sorted().toList());
    }
    context.contribute(Documents.NODE_LABELS, Map.copyOf(labels));
    return Outcome.done();
  }
}
