package dev.eksnode.plugins.core.config;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The core plugin's configuration: the node sections of eksnode's TOML ({@code cluster}, {@code
 * kubelet}, {@code containerd}, {@code instance}, {@code features}, {@code profile}), bound and
 * validated by {@link NodeSettingsBinder}; {@code image} holds the AMI configuration's sections
 * ({@link ImageSettingsBinder}). nodeadm NodeConfig documents are translated onto the same
 * keys before binding.
 */
public record NodeSettings(
    Cluster cluster, Kubelet kubelet, Containerd containerd, Instance instance, Features features, Optional<String> profile,
    ImageSettings image) {

  /**
   * {@code [cluster]}.
   *
   * @param name the EKS cluster name
   * @param apiServerEndpoint the API server's https URL
   * @param certificateAuthority the cluster CA as PEM bytes (configured base64-encoded)
   * @param serviceCidr the Kubernetes service CIDR
   * @param ipFamily ipv4 or ipv6; follows the service CIDR when not set
   * @param enableOutpost join an Outpost local cluster
   * @param id the cluster id (required for Outpost local clusters)
   */
  public record Cluster(
      Optional<String> name,
      Optional<URI> apiServerEndpoint,
      Optional<byte[]> certificateAuthority,
      Optional<Cidr> serviceCidr,
      Optional<String> ipFamily,
      boolean enableOutpost,
      Optional<String> id) {}

  /** How the user's kubelet configuration meets the generated one. */
  public enum ConfigMode {
    /** A drop-in merged over the generated main file (kubelet {@code --config-dir}). */
    MERGE,
    /** The user's document becomes the main file. */
    REPLACE
  }

  /**
   * {@code [kubelet]}.
   *
   * @param configMode merge (default) or replace
   * @param config {@code KubeletConfiguration} fields
   * @param flags extra command-line flags
   * @param labels node labels
   * @param taints node taints
   * @param maxPods how maxPods is decided
   */
  public record Kubelet(
      ConfigMode configMode,
      Map<String, Object> config,
      List<String> flags,
      Map<String, String> labels,
      List<Taint> taints,
      MaxPods maxPods) {}

  /** A node taint, {@code key=value:Effect}. */
  public record Taint(String key, String value, String effect) {
    @Override
    public String toString() {
      return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
  }

  /**
   * {@code [kubelet.maxPods]}.
   *
   * @param policy table, prefix-delegation, custom-networking or fixed
   * @param value the number for {@code fixed}
   * @param cap an upper bound applied after the policy
   * @param cniVersion the VPC CNI version, for prefix delegation's support check
   */
  public record MaxPods(Policy policy, OptionalInt value, OptionalInt cap, Optional<String> cniVersion) {
    /** How maxPods is computed. */
    public enum Policy {
      TABLE,
      PREFIX_DELEGATION,
      CUSTOM_NETWORKING,
      FIXED
    }
  }

  /**
   * {@code [containerd]}.
   *
   * @param config TOML tables deep-merged over the generated {@code config.toml}
   * @param baseRuntimeSpec OCI runtime spec fields deep-merged over the default base spec
   */
  public record Containerd(Map<String, Object> config, Map<String, Object> baseRuntimeSpec) {}

  /**
   * {@code [instance]}. Local storage and the proxy are the instance-store and proxy plugins'
   * settings.
   *
   * @param environment environment variables per systemd service; {@code default} applies to every service
   * @param network the node IP override
   */
  public record Instance(Map<String, Map<String, String>> environment, Network network) {}

  /**
   * {@code [instance.network]}.
   *
   * @param nodeIp the node IP instead of the one instance metadata gives
   */
  public record Network(Optional<InetAddress> nodeIp) {}

  /**
   * {@code [features]}.
   *
   * @param instanceIdNodeName name the node after its instance id instead of its private DNS name
   */
  public record Features(boolean instanceIdNodeName) {}
}
