package dev.eksnode.plugins.core.containerd;

import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.DeepMerge;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders {@link Documents#CONTAINERD_CONFIG} to {@value #CONFIG_PATH}: eksnode's defaults (containerd
 * 1.7, config version 2), plugin contributions and the user's {@code containerd.config} deep-merged in
 * that order; and {@link Documents#BASE_RUNTIME_SPEC} to {@value #BASE_RUNTIME_SPEC_PATH}: the default
 * spec, plugin contributions (in step order) and the user's {@code containerd.baseRuntimeSpec}, merged
 * in that order by {@link BaseRuntimeSpec#merge}.
 * Restarts containerd only when something it reads changed.
 */
public final class RenderContainerdConfigStep implements Step {

  public static final String ID = "core/containerd-config";
  static final String CONFIG_PATH = "/etc/containerd/config.toml";
  static final String BASE_RUNTIME_SPEC_PATH = "/etc/containerd/base-runtime-spec.json";
  static final String SOCKET = "/run/containerd/containerd.sock";
  public static final String SOCKET_URI = "unix://" + SOCKET;
  static final String UNIT = LoadedUnits.CONTAINERD;

  /** Written at image build when the pause image is baked in: its reference, e.g. {@code localhost/kubernetes/pause:3.10}. */
  public static final String BAKED_SANDBOX_IMAGE = "/etc/eksnode/sandbox-image";

  static final String CRI = "io.containerd.grpc.v1.cri";

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
    return Set.of(NodeFacts.INSTANCE);
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
    Map<String, Object> config = defaults(sandboxImage);
    for (Contribution<Map<String, Object>> contribution : context.contributions(Documents.CONTAINERD_CONFIG)) {
      config = DeepMerge.merge(config, contribution.value());
    }
    config = DeepMerge.merge(config, settings.config());
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

  static Map<String, Object> defaults(String sandboxImage) {
    Map<String, Object> runcOptions = new LinkedHashMap<>();
    runcOptions.put("SystemdCgroup", true);
    runcOptions.put("BinaryName", "/usr/sbin/runc");
    Map<String, Object> runc = new LinkedHashMap<>();
    runc.put("runtime_type", "io.containerd.runc.v2");
    runc.put("base_runtime_spec", BASE_RUNTIME_SPEC_PATH);
    runc.put("options", runcOptions);
    Map<String, Object> runtimes = new LinkedHashMap<>();
    runtimes.put("runc", runc);
    Map<String, Object> containerd = new LinkedHashMap<>();
    containerd.put("default_runtime_name", "runc");
    containerd.put("discard_unpacked_layers", true);
    containerd.put("runtimes", runtimes);
    Map<String, Object> cni = new LinkedHashMap<>();
    cni.put("bin_dir", "/opt/cni/bin");
    cni.put("conf_dir", "/etc/cni/net.d");
    Map<String, Object> cri = new LinkedHashMap<>();
    cri.put("sandbox_image", sandboxImage);
    cri.put("containerd", containerd);
    cri.put("cni", cni);
    cri.put("registry", Map.of("config_path", "/etc/containerd/certs.d:/etc/docker/certs.d"));
    Map<String, Object> plugins = new LinkedHashMap<>();
    plugins.put(CRI, cri);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", 2L);
    config.put("root", "/var/lib/containerd");
    config.put("state", "/run/containerd");
    config.put("grpc", Map.of("address", SOCKET));
    config.put("plugins", plugins);
    return config;
  }
}
