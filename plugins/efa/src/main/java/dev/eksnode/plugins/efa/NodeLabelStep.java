package dev.eksnode.plugins.efa;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Map;
import java.util.Set;

/** Labels a node with EFA devices {@code vpc.amazonaws.com/efa.present=true}. */
final class NodeLabelStep implements Step {

  static final String LABEL = "vpc.amazonaws.com/efa.present";

  @Override
  public String id() {
    return "efa/node-labels";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(EfaPlugin.DEVICE_COUNT);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.NODE_LABELS);
  }

  @Override
  public Outcome apply(StepContext context) {
    if (context.requireFact(EfaPlugin.DEVICE_COUNT) == 0) {
      return Outcome.skipped("no EFA device");
    }
    context.contribute(Documents.NODE_LABELS, Map.of(LABEL, "true"));
    return Outcome.done();
  }
}
