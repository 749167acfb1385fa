package dev.eksnode.plugins.core.config;

import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every key of the core plugin's sections, with its type, default and example: the one description
 * the binder's known-key checks, the published schema, the built-in defaults and
 * docs/configuration.md are all made from.
 */
public final class CoreConfigKeys {

  public static final List<ConfigKey> KEYS = List.of(
      key("cluster.name", Type.STRING, null, "\"my-cluster\"", "The EKS cluster's name."),
      key("cluster.apiServerEndpoint", Type.STRING, null, "\"https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com\"",
          "The API server's https URL (DescribeCluster endpoint)."),
      key("cluster.certificateAuthority", Type.STRING, null, "\"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...\"",
          "The cluster CA: base64 of its PEM certificate (DescribeCluster certificateAuthority.data); must decode to an X.509 certificate."),
      key("cluster.serviceCidr", Type.STRING, null, "\"10.100.0.0/16\"",
          "The Kubernetes service CIDR; the cluster DNS IP and the IP family follow from it."),
      choice("cluster.ipFamily", null, List.of("ipv4", "ipv6"), "\"ipv4\"",
          "The cluster's IP family; follows cluster.serviceCidr when not set, and must agree with it."),
      key("cluster.enableOutpost", Type.BOOLEAN, false, "true", "Join an Outpost local cluster; needs cluster.id."),
      key("cluster.id", Type.STRING, null, "\"0123abcd-0123-4567-89ab-0123456789ab\"",
          "The cluster id, used instead of the name on an Outpost local cluster."),
      choice("kubelet.configMode", "merge", List.of("merge", "replace"), "\"replace\"",
          "merge: kubelet.config is a drop-in over the generated KubeletConfiguration; replace: it becomes the whole file."),
      key("kubelet.config", Type.TABLE, null, "{ shutdownGracePeriod = \"30s\", featureGates = { ImageMaximumGCAge = true } }",
          "KubeletConfiguration (kubelet.config.k8s.io/v1beta1) fields; names and types are checked."),
      key("kubelet.flags", Type.STRING_LIST, null, "[\"--v=4\"]",
          "Extra kubelet command-line flags; the lists of several documents are appended, not replaced."),
      key("kubelet.labels", Type.STRING_MAP, null, "{ team = \"payments\", \"node.kubernetes.io/lifecycle\" = \"spot\" }",
          "Node labels; keys and values follow Kubernetes syntax and the kubelet's self-labelling rules."),
      key("kubelet.taints", Type.STRING_LIST, null, "[\"dedicated=gpu:NoSchedule\"]",
          "Node taints, key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute."),
      choice("kubelet.maxPods.policy", "table", List.of("table", "prefix-delegation", "custom-networking", "fixed"),
          "\"prefix-delegation\"", "How maxPods is computed from the instance type's network limits, or fixed."),
      key("kubelet.maxPods.value", Type.INTEGER, null, "58", "The number of pods for the fixed policy, 1..10000."),
      key("kubelet.maxPods.cap", Type.INTEGER, null, "110", "An upper bound applied after the policy, 1..10000."),
      key("kubelet.maxPods.cniVersion", Type.STRING, null, "\"1.18.3\"",
          "The VPC CNI version, to check that prefix delegation is supported (1.9 or later)."),
      key("containerd.config", Type.TABLE, null,
          "{ plugins = { \"io.containerd.grpc.v1.cri\" = { containerd = { discard_unpacked_layers = false } } } }",
          "containerd TOML tables deep-merged over the generated config.toml."),
      key("containerd.baseRuntimeSpec", Type.TABLE, null, "{ process = { rlimits = [{ type = \"RLIMIT_NOFILE\", soft = 1024, hard = 4096 }] } }",
          "OCI runtime spec fields deep-merged over the default base spec and plugin contributions; process.rlimits merge by type."),
      key("instance.environment", Type.STRING_MAP_MAP, null, "{ default = { NO_PROXY = \"169.254.169.254\" }, kubelet = { GODEBUG = \"x509sha1=1\" } }",
          "Environment variables per systemd service; the service default applies to every service."),
      key("instance.network.nodeIp", Type.STRING, null, "\"10.0.1.23\"",
          "The node IP, instead of the one instance metadata gives; must be in the cluster's IP family."),
      key("features.instanceIdNodeName", Type.BOOLEAN, false, "true",
          "Name the node after its instance id instead of its private DNS name."),
      key("profile", Type.STRING, null, "\"batch\"",
          "A workload profile: its preset baked at image build (/etc/eksnode/profiles/<name>.toml) is read right"
              + " after the image configuration; plugins may know other names."),
      key("image.kubernetesVersion", Type.STRING, null, "\"1.31\"",
          "AMI configuration: the Kubernetes minor version the image is built for; required with [image]."),
      key("image.components.kubelet", Type.STRING, null, "\"1.31.2\"",
          "AMI configuration: kubelet package version, a release of image.kubernetesVersion; required with [image]."),
      key("image.components.containerd", Type.STRING, null, "\"1.7.25\"", "AMI configuration: containerd package version."),
      key("image.components.runc", Type.STRING, null, "\"1.1.14\"", "AMI configuration: runc package version."),
      key("image.components.cniPlugins", Type.STRING, null, "\"1.6.2\"",
          "AMI configuration: CNI plugins (containernetworking-plugins) package version."),
      key("image.components.ecrCredentialProvider", Type.STRING, null, "\"1.31.2\"",
          "AMI configuration: ecr-credential-provider package version."),
      key("image.pauseImage.tag", Type.STRING, null, "\"3.10\"", "AMI configuration: the eks/pause tag to cache; 3.10 when not set."),
      key("image.pauseImage.region", Type.STRING, null, "\"us-west-2\"",
          "AMI configuration: the region whose ECR serves the pause image; AWS_REGION at build time when not set."),
      key("image.pauseImage.cache", Type.BOOLEAN, null, "false",
          "AMI configuration: pull and pin the pause image at image build; true when not set."),
      key("image.pauseImage.fips", Type.BOOLEAN, null, "true",
          "AMI configuration: pull from the region's dkr.ecr-fips endpoint where there is one; false when not set."),
      key("boot", Type.TABLE, null, "{ kubelet = { config = { podPidsLimit = 4096 } } }",
          "AMI configuration: boot defaults, checked as boot configuration and baked into /etc/eksnode/eksnode.toml."),
      key("profiles", Type.TABLE, null, "{ batch = { kubelet = { config = { podPidsLimit = 16384 } } } }",
          "AMI configuration: workload profiles by name, each boot configuration, baked to /etc/eksnode/profiles/<name>.toml."));

  /**
   * Keys the core plugin once declared whose settings now belong to the plugin that does the work:
   * old key to what to write instead. The binder refuses them with that hint.
   */
  static final Map<String, String> MOVED = Map.of(
      "instance.localStorage", "[plugins.instance-store] with enabled = true and strategy, mountPath, disabledMounts",
      "instance.network.httpProxy", "plugins.proxy.httpProxy (with plugins.proxy.enabled = true)",
      "instance.network.httpsProxy", "plugins.proxy.httpsProxy (with plugins.proxy.enabled = true)",
      "instance.network.noProxy", "plugins.proxy.noProxy (with plugins.proxy.enabled = true)",
      "features.fastImagePull", "plugins.soci.enabled");

  private CoreConfigKeys() {}

  private static ConfigKey key(String path, Type type, Object defaultValue, String example, String description) {
    return new ConfigKey(path, type, Optional.ofNullable(defaultValue), List.of(), example, description);
  }

  private static ConfigKey choice(String path, String defaultValue, List<String> allowed, String example, String description) {
    return new ConfigKey(path, Type.STRING, Optional.ofNullable(defaultValue), allowed, example, description);
  }

  /** The names directly under {@code prefix} (e.g. {@code kubelet} gives configMode, ..., maxPods). */
  static Set<String> childrenOf(String prefix) {
    Set<String> names = new LinkedHashSet<>();
    for (ConfigKey key : KEYS) {
      if (key.path().startsWith(prefix + ".")) {
        String rest = key.path().substring(prefix.length() + 1);
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return names;
  }

  /** A key by path. */
  static ConfigKey get(String path) {
    return KEYS.stream().filter(k -> k.path().equals(path)).findFirst().orElseThrow(() -> new IllegalArgumentException(path));
  }
}
