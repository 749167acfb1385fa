package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.SystemdText;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.containerd.RenderContainerdConfigStep;
import dev.eksnode.plugins.core.node.WriteEtcHostsStep;
import dev.eksnode.plugins.core.systemd.LoadedUnits;
import dev.eksnode.plugins.core.systemd.RenderServiceEnvironmentStep;
import dev.eksnode.plugins.core.systemd.ServiceInputs;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the kubelet's systemd drop-in with the flags that cannot live in its configuration file
 * (config locations, node IP, hostname override, cloud provider, labels, taints, contributed flags,
 * the user's flags), renders {@link Documents#NODE_LABELS}, {@link Documents#NODE_TAINTS} and {@link
 * Documents#KUBELET_FLAGS} once from every contribution, then reloads systemd when what it loaded for
 * the kubelet is out of date ({@link LoadedUnits}) and restarts the kubelet only when something it
 * reads changed.
 */
public final class StartKubeletStep implements Step {

  static final String ID = "core/kubelet-service";
  static final String UNIT = LoadedUnits.KUBELET;
  static final String DROP_IN = "/etc/systemd/system/" + UNIT + ".d/10-eksnode.conf";
  static final String KUBELET = "/usr/bin/kubelet";

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
    return Set.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER, NodeFacts.KUBELET_VERSION, KubeletLayout.VARIANT);
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(LoadedUnits.RELOADED_THIS_RUN, NodeFacts.PROXY, NodeFacts.LOCAL_STORAGE);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.KUBELET_FLAGS, Documents.NODE_LABELS, Documents.NODE_TAINTS);
  }

  @Override
  public Set<String> requires() {
    return Set.of(
        WriteClusterCaStep.ID,
        RenderKubeletConfigStep.ID,
        ConfigureEcrCredentialProviderStep.ID,
        RenderServiceEnvironmentStep.ID);
  }

  @Override
  public Set<String> after() {
    // The kubelet starts after containerd is running its final configuration, and after /etc/hosts.
    return Set.of(RenderContainerdConfigStep.ID, WriteEtcHostsStep.ID);
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings settings = context.config(NodeSettings.class);
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    ClusterInfo cluster = context.requireFact(NodeFacts.CLUSTER);
    KubeletVersion version = context.requireFact(NodeFacts.KUBELET_VERSION);
    KubeletLayout layout = KubeletLayout.of(context, version);
    Host host = context.host();

    List<String> command = new ArrayList<>(List.of(KUBELET, "--config=" + layout.configPath()));
    if (layout.dropIns()) {
      command.add("--config-dir=" + layout.dropInDirectory());
    }
    command.add("--kubeconfig=" + KubeletLayout.KUBECONFIG);
    if (layout.variant().bootstrapKubeconfig()) {
      command.add("--bootstrap-kubeconfig=" + KubeletLayout.BOOTSTRAP_KUBECONFIG);
    }
    if (!version.atLeast(1, 27)) {
      command.add("--container-runtime-endpoint=" + RenderContainerdConfigStep.SOCKET_URI);
    }
    command.add("--cloud-provider=external");
    command.add("--node-ip=" + settings.instance().network().nodeIp().map(java.net.InetAddress::getHostAddress)
        .orElseGet(() -> nodeIp(instance, cluster)));
    command.add("--hostname-override=" + (settings.features().instanceIdNodeName() ? instance.instanceId() : instance.privateDnsName()));
    String labels = labels(context, settings);
    if (!labels.isEmpty()) {
      command.add("--node-labels=" + labels);
    }
    String taints = taints(context, settings);
    if (!taints.isEmpty()) {
      command.add("--register-with-taints=" + taints);
    }
    for (Contribution<List<String>> contribution : context.contributions(Documents.KUBELET_FLAGS)) {
      command.addAll(contribution.value());
    }
    command.addAll(settings.kubelet().flags());

    String dropIn =
        "# Written by eksnode (" + ID + "); changes are overwritten at boot.\n"
            + "# Only flags that cannot live in " + layout.configPath() + " are here.\n"
            + "[Service]\nExecStart=\nExecStart=" + SystemdText.commandLine(command) + "\n";
    host.writeString(DROP_IN, dropIn, 0644);

    List<String> inputs =
        new ArrayList<>(
            List.of(
                "/usr/lib/systemd/system/" + UNIT,
                "/etc/systemd/system/" + UNIT,
                "/etc/systemd/system/" + UNIT + ".d",
                "/etc/systemd/system.conf.d",
                layout.configPath(),
                layout.dropInDirectory(),
                layout.kubeconfigPath(),
                WriteClusterCaStep.PATH,
                ConfigureEcrCredentialProviderStep.CONFIG_PATH));
    ServiceInputs state = ServiceInputs.check(host, UNIT, inputs);
    if (LoadedUnits.stale(host, LoadedUnits.of(UNIT), context.fact(LoadedUnits.RELOADED_THIS_RUN), ServiceInputs.statePath(UNIT))) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    if (state.restart()) {
      host.service(ServiceAction.RESTART, UNIT);
    }
    state.commit(host);
    return Outcome.done();
  }

  private static String nodeIp(InstanceInfo instance, ClusterInfo cluster) {
    if (cluster.ipv6()) {
      return instance.ipv6().orElseThrow(() -> new EksnodeException(
          "the cluster is IPv6 but instance metadata lists no IPv6 address on the primary interface " + instance.mac()));
    }
    if (instance.localIpv4().isEmpty()) {
      throw new EksnodeException("the cluster is IPv4 but " + instance.instanceId() + " has no private IPv4 address");
    }
    return instance.localIpv4();
  }

  /** {@code kubelet.labels}, then contributions in step order (later wins), sorted by key; every label checked. */
  private static String labels(StepContext context, NodeSettings settings) {
    Map<String, String> labels = new TreeMap<>();
    Map<String, String> origin = new TreeMap<>();
    settings.kubelet().labels().forEach((key, value) -> {
      labels.put(key, value);
      origin.put(key, "kubelet.labels");
    });
    for (Contribution<Map<String, String>> contribution : context.contributions(Documents.NODE_LABELS)) {
      contribution.value().forEach((key, value) -> {
        labels.put(key, value);
        origin.put(key, contribution.stepId());
      });
    }
    List<String> problems = new ArrayList<>();
    labels.forEach((key, value) -> {
      String problem = NodeLabels.problem(key, value);
      if (!problem.isEmpty()) {
        problems.add(problem + " (from " + origin.get(key) + ")");
      }
    });
    if (!problems.isEmpty()) {
      throw new EksnodeException(problems.size() + " node label problem" + (problems.size() == 1 ? "" : "s") + ": "
          + String.join("; ", problems));
    }
    List<String> pairs = new ArrayList<>();
    labels.forEach((key, value) -> pairs.add(key + "=" + value));
    return String.join(",", pairs);
  }

  /** {@code kubelet.taints}, then contributions in step order; duplicates once, first place kept. */
  private static String taints(StepContext context, NodeSettings settings) {
    Set<String> taints = new LinkedHashSet<>();
    settings.kubelet().taints().forEach(taint -> taints.add(taint.toString()));
    for (Contribution<List<String>> contribution : context.contributions(Documents.NODE_TAINTS)) {
      taints.addAll(contribution.value());
    }
    return String.join(",", taints);
  }
}
