package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.KubeletVersion;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.DeepMerge;
import dev.eksnode.node.text.JsonText;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.containerd.RenderContainerdConfigStep;
import dev.eksnode.plugins.core.maxpods.KubeReserved;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders {@link Documents#KUBELET_CONFIG}: the kubelet's main configuration file with eksnode's
 * defaults and computed values (clusterDNS, maxPods, kubeReserved, providerID, ...), plugin
 * contributions merged in step order. The user's {@code kubelet.config} becomes a drop-in in merge mode
 * (kubelet 1.28+; merged into the main file for older kubelets), or the whole main file in replace
 * mode.
 */
public final class RenderKubeletConfigStep implements Step {

  static final String ID = "core/kubelet-config";

  static final List<String> TLS_CIPHER_SUITES =
      List.of(
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
          "TLS_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_RSA_WITH_AES_256_GCM_SHA384");

  static final String API_VERSION = "kubelet.config.k8s.io/v1beta1";
  static final String KIND = "KubeletConfiguration";

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
    return Set.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER, NodeFacts.MAX_PODS, NodeFacts.KUBELET_VERSION, DecideMaxPodsStep.VCPUS, KubeletLayout.VARIANT);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.KUBELET_FILES);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.SERVICE_ENVIRONMENT);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.KUBELET_CONFIG);
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Kubelet settings = context.config(NodeSettings.class).kubelet();
    KubeletVersion version = context.requireFact(NodeFacts.KUBELET_VERSION);
    KubeletLayout layout = KubeletLayout.of(context, version);
    Host host = context.host();
    Map<String, Object> user = settings.config();
    Map<String, Object> main;
    boolean userDropIn = false;
    if (settings.configMode() == NodeSettings.ConfigMode.REPLACE) {
      main = new LinkedHashMap<>();
      main.put("apiVersion", API_VERSION);
      main.put("kind", KIND);
      main.putAll(DeepMerge.copy(user));
    } else {
      main = defaults(context, version);
      for (Contribution<Map<String, Object>> contribution : context.contributions(Documents.KUBELET_CONFIG)) {
        if (contribution.value().containsKey("maxPods")) {
          throw new EksnodeException(
              contribution.stepId() + " contributes maxPods to the kubelet configuration; maxPods is decided by "
                  + DecideMaxPodsStep.ID + " (set kubelet.maxPods or kubelet.config.maxPods)");
        }
        main = DeepMerge.merge(main, contribution.value());
      }
      if (!user.isEmpty()) {
        if (layout.dropIns()) {
          userDropIn = true;
        } else {
          main = DeepMerge.merge(main, user);
        }
      }
      main = sorted(main);
    }
    host.writeString(layout.configPath(), JsonText.render(main), 0644);
    String dropInPath = layout.dropInDirectory() + "/" + KubeletLayout.USER_DROP_IN;
    if (layout.dropIns()) {
      host.createDirectories(layout.dropInDirectory(), 0755);
    }
    if (userDropIn) {
      Map<String, Object> dropIn = new LinkedHashMap<>();
      dropIn.put("apiVersion", API_VERSION);
      dropIn.put("kind", KIND);
      dropIn.putAll(DeepMerge.copy(user));
      host.writeString(dropInPath, JsonText.render(dropIn), 0644);
    } else {
      host.delete(dropInPath);
    }
    if (layout.dropInsAlpha()) {
      context.contribute(Documents.SERVICE_ENVIRONMENT, Map.of("kubelet", Map.of("KUBELET_CONFIG_DROPIN_DIR_ALPHA", "on")));
    }
    context.publish(NodeFacts.KUBELET_FILES, layout.files());
    return Outcome.done();
  }

  private static Map<String, Object> defaults(StepContext context, KubeletVersion version) {
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    ClusterInfo cluster = context.requireFact(NodeFacts.CLUSTER);
    int maxPods = context.requireFact(NodeFacts.MAX_PODS);
    int vcpus = context.requireFact(DecideMaxPodsStep.VCPUS);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", API_VERSION);
    config.put("kind", KIND);
    config.put("address", cluster.ipv6() ? "::" : "0.0.0.0");
    config.put("authentication", Map.of(
        "anonymous", Map.of("enabled", false),
        "webhook", Map.of("cacheTTL", "2m0s", "enabled", true),
        "x509", Map.of("clientCAFile", WriteClusterCaStep.PATH)));
    config.put("authorization", Map.of(
        "mode", "Webhook",
        "webhook", Map.of("cacheAuthorizedTTL", "5m0s", "cacheUnauthorizedTTL", "30s")));
    config.put("cgroupDriver", "systemd");
    config.put("cgroupRoot", "/");
    config.put("clusterDNS", List.of(cluster.clusterDns()));
    config.put("clusterDomain", "cluster.local");
    if (version.atLeast(1, 27)) {
      config.put("containerRuntimeEndpoint", RenderContainerdConfigStep.SOCKET_URI);
    }
    config.put("evictionHard", Map.of("memory.available", "100Mi", "nodefs.available", "10%", "nodefs.inodesFree", "5%"));
    config.put("featureGates", Map.of("RotateKubeletServerCertificate", true));
    config.put("hairpinMode", "hairpin-veth");
    if (cluster.ipv6()) {
      config.put("healthzBindAddress", "::1");
    }
    config.put("kubeReserved", KubeReserved.of(maxPods, vcpus));
    config.put("kubeReservedCgroup", "/runtime");
    config.put("logging", Map.of("verbosity", 2));
    config.put("maxPods", maxPods);
    config.put("protectKernelDefaults", true);
    config.put("providerID", "aws:///" + instance.availabilityZone() + "/" + instance.instanceId());
    config.put("readOnlyPort", 0);
    config.put("serializeImagePulls", false);
    config.put("serverTLSBootstrap", true);
    config.put("systemReservedCgroup", "/system");
    config.put("tlsCipherSuites", TLS_CIPHER_SUITES);
    return config;
  }

  /** {@code apiVersion} and {@code kind} first, then every table's keys sorted, recursively. */
  private static Map<String, Object> sorted(Map<String, Object> config) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("apiVersion", config.getOrDefault("apiVersion", API_VERSION));
    result.put("kind", config.getOrDefault("kind", KIND));
    new TreeMap<>(config).forEach((key, value) -> {
      if (!key.equals("apiVersion") && !key.equals("kind")) {
        result.put(key, sortedValue(value));
      }
    });
    return result;
  }

  private static Object sortedValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      new TreeMap<>(DeepMerge.stringKeys(map)).forEach((key, item) -> result.put(key, sortedValue(item)));
      return result;
    }
    return value;
  }
}
