package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.CommandFailedException;
import dev.eksnode.node.Commands;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the kubelet's version and publishes it as {@link NodeFacts#KUBELET_VERSION}: from the version
 * file baked at image build ({@value #BAKED_PATH}), else from {@code kubelet --version}.
 */
public final class FindKubeletVersionStep implements Step {

  static final String ID = "core/kubelet-version";

  /** Written at image build: the installed kubelet's version, e.g. {@code v1.31.2}. */
  public static final String BAKED_PATH = "/etc/eksnode/kubelet-version";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.KUBELET_VERSION);
  }

  @Override
  public Outcome apply(StepContext context) {
    Optional<String> baked = context.host().readString(BAKED_PATH);
    KubeletVersion version;
    if (baked.isPresent()) {
      version = KubeletVersion.find(baked.get())
          .orElseThrow(() -> new EksnodeException(BAKED_PATH + ": \"" + baked.get().strip() + "\" holds no version like v1.31.2"));
    } else {
      CommandResult result;
      try {
        result = Commands.probe(context.host(), List.of("kubelet", "--version"));
      } catch (CommandFailedException e) {
        throw new EksnodeException("cannot tell the kubelet version: " + BAKED_PATH + " is missing and " + e.getMessage(), e);
      }
      version = KubeletVersion.find(result.stdout())
          .orElseThrow(() -> new EksnodeException("'kubelet --version' printed no version: " + result.stdout().strip()));
    }
    context.publish(NodeFacts.KUBELET_VERSION, version);
    return Outcome.done();
  }
}
