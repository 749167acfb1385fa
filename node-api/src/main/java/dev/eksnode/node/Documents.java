package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;
import dev.eksnode.spi.DocumentKey;
import java.util.List;
import java.util.Map;

/**
 * The shared documents of an EKS node: files several plugins add to and the core plugin renders, each
 * once. A step that adds to one declares it ({@code contributesTo()}) and contributes a typed value; the
 * kernel runs it before the document's renderer.
 */
@API(status = STABLE, since = "0.1.0")
public final class Documents {

  /** {@code KubeletConfiguration} fields, deep-merged in step order over the defaults. */
  public static final DocumentKey<Map<String, Object>> KUBELET_CONFIG = DocumentKey.of("kubelet-config");

  /** Extra kubelet command-line flags ({@code --flag=value}), appended in step order. */
  public static final DocumentKey<List<String>> KUBELET_FLAGS = DocumentKey.of("kubelet-flags");

  /** Node labels the kubelet sets on itself; a later contribution of the same key wins. */
  public static final DocumentKey<Map<String, String>> NODE_LABELS = DocumentKey.of("node-labels");

  /** Node taints, {@code key=value:Effect}, appended in step order. */
  public static final DocumentKey<List<String>> NODE_TAINTS = DocumentKey.of("node-taints");

  /** containerd configuration tables, deep-merged in step order over the defaults. */
  public static final DocumentKey<Map<String, Object>> CONTAINERD_CONFIG = DocumentKey.of("containerd-config");

  /**
   * OCI runtime spec fields deep-merged in step order over eksnode's default base runtime spec, under
   * the user's {@code containerd.baseRuntimeSpec}; {@code process.rlimits} entries merge by {@code
   * type}, so a contribution adds or replaces one limit and keeps the others. Unsigned 64-bit limits
   * above {@code Long.MAX_VALUE} ("unlimited" is 18446744073709551615) are {@link java.math.BigInteger}s.
   */
  public static final DocumentKey<Map<String, Object>> BASE_RUNTIME_SPEC = DocumentKey.of("base-runtime-spec");

  /**
   * Installed components and their versions (image phase), e.g. {@code nvidia-driver -> 570.86.15},
   * written to the {@link VersionsManifest} that {@code eksnode versions} prints. A later contribution
   * of the same component wins.
   */
  public static final DocumentKey<Map<String, String>> COMPONENT_VERSIONS = DocumentKey.of("component-versions");

  /** Environment variables per systemd service ({@code default} = every service). */
  public static final DocumentKey<Map<String, Map<String, String>>> SERVICE_ENVIRONMENT = DocumentKey.of("service-environment");

  /**
   * Lines for {@code /etc/hosts}: address to host names, e.g. {@code 10.0.0.5 -> [api.local]}; names of
   * one address accumulate over contributions. Rendered into a marked block of {@code /etc/hosts} that
   * is replaced, never appended to, on every run. Part of the Outposts hook: the outposts plugin adds
   * the resolved API server addresses of a local cluster here.
   */
  public static final DocumentKey<Map<String, List<String>>> HOSTS_ENTRIES = DocumentKey.of("hosts-entries");

  /**
   * How the kubelet joins when it is not the standard way (Outpost local clusters): see {@link
   * KubeletVariant}. Later contributions win field by field. Rendered with the kubeconfig, and
   * followed by the kubelet's configuration and service.
   */
  public static final DocumentKey<KubeletVariant> KUBELET_VARIANT = DocumentKey.of("kubelet-variant");

  private Documents() {}
}
