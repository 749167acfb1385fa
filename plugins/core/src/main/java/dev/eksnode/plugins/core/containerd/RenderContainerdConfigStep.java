package dev.eksnode.plugins.core.containerd;

import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.JsonText;
import dev.eksnode.node.text.TomlWriter;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.systemd.LoadedUnits;
import dev.eksnode.plugins.core.systemd.RenderServiceEnvironmentStep;
import dev.eksnode.plugins.core.systemd.ServiceInputs;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@link Documents#CONTAINERD_CONFIG} to {@value #CONFIG_PATH} in the layout of the node's
 * containerd ({@link FindContainerdVersionStep}: version 3 for containerd 2, version 2 for 1.x): eksnode's
 * defaults (nodeadm's template of that layout, CDI on from kubelet 1.32), plugin contributions and the
 * user's {@code containerd.config} deep-merged in that order by {@link ContainerdConfig#render}; and
 * {@link Documents#BASE_RUNTIME_SPEC} to {@value #BASE_RUNTIME_SPEC_PATH}: the default spec (nodeadm's),
 * plugin contributions (in step order) and the user's {@code containerd.baseRuntimeSpec}, merged in
 * that order by {@link BaseRuntimeSpec#merge}.
 * Restarts containerd only when something it reads changed.
 */
public final class RenderContainerdConfigStep implements Step {

  public static final String ID = "core/containerd-config";
  static final String CONFIG_PATH = ContainerdConfig.CONFIG_PATH;
  static final String BASE_RUNTIME_SPEC_PATH = ContainerdConfig.BASE_RUNTIME_SPEC_PATH;
  public static final String SOCKET_URI = "unix://" + ContainerdConfig.SOCKET;
  static final String UNIT = LoadedUnits.CONTAINERD;

  /** Written at image build when the pause image is baked in: its reference, e.g. {@code localhost/kubernetes/pause:3.10}. */
  public static final String BAKED_SANDBOX_IMAGE = "/etc/eksnode/sandbox-image";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.INSTANCE, NodeFacts.KUBELET_VERSION, FindContainerdVersionStep.VERSION);
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(LoadedUnits.RELOADED_THIS_RUN, NodeFacts.PROXY, NodeFacts.LOCAL_STORAGE);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.CONTAINERD_CONFIG, Documents.BASE_RUNTIME_SPEC);
  }

  @Override
  public Set<String> requires() {
    return Set.of(RenderServiceEnvironmentStep.ID);
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Containerd settings = context.config(NodeSettings.class).containerd();
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    Host host = context.host();
    String sandboxImage =
        host.readString(BAKED_SANDBOX_IMAGE).map(String::strip).filter(image -> !image.isEmpty())
            .orElseGet(() -> EcrAccounts.pauseImage(instance.region(), instance.dnsSuffix(), new AwsEnvironment(host).fips()));
    ContainerdVersion containerd = context.requireFact(FindContainerdVersionStep.VERSION);
    boolean enableCdi = context.requireFact(NodeFacts.KUBELET_VERSION).atLeast(1, 32);
    Map<String, Object> config = ContainerdConfig.render(
        new ContainerdConfig.Inputs(containerd, sandboxImage, enableCdi), context.contributions(Documents.CONTAINERD_CONFIG), settings.config());
    Map<String, Object> spec = BaseRuntimeSpec.defaults();
    for (Contribution<Map<String, Object>> contribution : context.contributions(Documents.BASE_RUNTIME_SPEC)) {
      spec = BaseRuntimeSpec.merge(spec, contribution.value());
    }
    spec = BaseRuntimeSpec.merge(spec, settings.baseRuntimeSpec());
    host.writeString(CONFIG_PATH, "# Written by eksnode (" + ID + "); changes are overwritten at boot.\n" + TomlWriter.write(config), 0644);
    host.writeString(BASE_RUNTIME_SPEC_PATH, JsonText.render(spec), 0644);

    ServiceInputs inputs =
        ServiceInputs.check(
            host,
            UNIT,
            List.of(
                "/usr/lib/systemd/system/" + UNIT,
                "/etc/systemd/system/" + UNIT,
                "/etc/systemd/system/" + UNIT + ".d",
                "/etc/systemd/system.conf.d",
                CONFIG_PATH,
                BASE_RUNTIME_SPEC_PATH));
    if (LoadedUnits.stale(host, LoadedUnits.of(UNIT), context.fact(LoadedUnits.RELOADED_THIS_RUN), ServiceInputs.statePath(UNIT))) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    if (inputs.restart()) {
      host.service(ServiceAction.RESTART, UNIT);
    }
    inputs.commit(host);
    return Outcome.done();
  }
}
