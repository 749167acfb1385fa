package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Map;

/**
 * The shared documents of an EKS node. Each is assembled from contributions and written once by the
 * core plugin's rendering step.
 */
@API(status = STABLE, since = "0.1.0")
public final class Documents {

  /** {@code KubeletConfiguration} fields, deep-merged in step order over the defaults. */
  public static final DocumentKey<Map<String, Object>> KUBELET_CONFIG =
      new DocumentKey<>("kubelet-config", "core/kubelet-config");

  /** Extra kubelet command-line flags ({@code --flag=value}), appended in step order. */
  public static final DocumentKey<List<String>> KUBELET_FLAGS =
      new DocumentKey<>("kubelet-flags", "core/kubelet-service");

  /** Node labels the kubelet sets on itself; a later contribution of the same key wins. */
  public static final DocumentKey<Map<String, String>> NODE_LABELS =
      new DocumentKey<>("node-labels", "core/kubelet-service");

  /** Node taints, {@code key=value:Effect}, appended in step order. */
  public static final DocumentKey<List<String>> NODE_TAINTS =
      new DocumentKey<>("node-taints", "core/kubelet-service");

  /** containerd configuration tables, deep-merged in step order over the defaults. */
  public static final DocumentKey<Map<String, Object>> CONTAINERD_CONFIG =
      new DocumentKey<>("containerd-config", "core/containerd-config");

  /**
   * OCI runtime spec fields deep-merged in step order over eksnode's default base runtime spec, under
   * the user's {@code containerd.baseRuntimeSpec}; {@code process.rlimits} entries merge by {@code
   * type}, so a contribution adds or replaces one limit and keeps the others. Unsigned 64-bit limits
   * above {@code Long.MAX_VALUE} ("unlimited" is 18446744073709551615) are {@link java.math.BigInteger}s.
   */
  public static final DocumentKey<Map<String, Object>> BASE_RUNTIME_SPEC =
      new DocumentKey<>("base-runtime-spec", "core/containerd-config");

  /**
   * Installed components and their versions (image phase), e.g. {@code nvidia-driver -> 570.86.15},
   * written to the versions manifest {@code /etc/eksnode/versions.json} that {@code eksnode versions}
   * prints. A later contribution of the same component wins.
   */
  public static final DocumentKey<Map<String, String>> COMPONENT_VERSIONS =
      new DocumentKey<>("component-versions", "core/versions-manifest");

  /** Environment variables per systemd service ({@code default} = every service). */
  public static final DocumentKey<Map<String, Map<String, String>>> SERVICE_ENVIRONMENT =
      new DocumentKey<>("service-environment", "core/service-environment");

  /**
   * Lines for {@code /etc/hosts}: address to host names, e.g. {@code 10.0.0.5 -> [api.local]}; names of
   * one address accumulate over contributions. Rendered into a marked block of {@code /etc/hosts} that
   * is replaced, never appended to, on every run. Part of the Outposts hook: the outposts plugin adds
   * the resolved API server addresses of a local cluster here.
   */
  public static final DocumentKey<Map<String, List<String>>> HOSTS_ENTRIES =
      new DocumentKey<>("hosts-entries", "core/etc-hosts");

  /**
   * How the kubelet joins when it is not the standard way (Outpost local clusters): see {@link
   * KubeletVariant}. Later contributions win field by field. Rendered by {@code core/kubeconfig}, so
   * contributors declare {@code before = core/kubeconfig}.
   */
  public static final DocumentKey<KubeletVariant> KUBELET_VARIANT =
      new DocumentKey<>("kubelet-variant", "core/kubeconfig");

  private Documents() {}
}
