package dev.eksnode.plugins.core.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' syntax rules for label keys and values and taints, and the kubelet's self-labelling
 * rule (NodeRestriction). Each check returns what is wrong, in words for users, or empty.
 */
final class KubernetesNames {

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private KubernetesNames() {}

  /** A qualified name ({@code [prefix/]name}), as label keys and taint keys are. */
  static Optional<String> checkQualifiedName(String key) {
    if (key.isEmpty()) {
      return Optional.of("is empty");
    }
    int slash = key.indexOf('/');
    String name = key;
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (name.contains("/")) {
        return Optional.of("has more than one '/'");
      }
      if (prefix.isEmpty()) {
        return Optional.of("has an empty prefix before '/'");
      }
      if (prefix.length() > 253) {
        return Optional.of("has a prefix longer than 253 characters");
      }
      if (!DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return Optional.of("has a prefix \"" + prefix + "\" that is not a DNS subdomain (lower-case letters, digits, '-' and '.')");
      }
    }
    if (name.isEmpty()) {
      return Optional.of("has an empty name after the prefix");
    }
    if (name.length() > 63) {
      return Optional.of("has a name part of " + name.length() + " characters; at most 63 are allowed");
    }
    if (!NAME.matcher(name).matches()) {
      return Optional.of("has a name part \"" + name + "\" that is not letters, digits, '-', '_' and '.' starting and ending with a letter or digit");
    }
    return Optional.empty();
  }

  /** A label value (also a taint value): at most 63 characters, may be empty. */
  static Optional<String> checkLabelValue(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63) {
      return Optional.of("is " + value.length() + " characters long; a label value has at most 63");
    }
    if (!NAME.matcher(value).matches()) {
      return Optional.of("may only contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit");
    }
    return Optional.empty();
  }

  /**
   * Whether a kubelet may set this label on its own node: NodeRestriction refuses the {@code
   * kubernetes.io} and {@code k8s.io} namespaces except {@code kubelet.kubernetes.io} and {@code
   * node.kubernetes.io} and their subdomains.
   */
  static boolean selfLabelAllowed(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return true;
    }
    String prefix = key.substring(0, slash);
    boolean restricted = inDomain(prefix, "kubernetes.io") || inDomain(prefix, "k8s.io");
    return !restricted || inDomain(prefix, "kubelet.kubernetes.io") || inDomain(prefix, "node.kubernetes.io");
  }

  private static boolean inDomain(String prefix, String domain) {
    return prefix.equals(domain) || prefix.endsWith("." + domain);
  }

  /** The suggestion for a label a kubelet may not set. */
  static String selfLabelSuggestion(String key) {
    String name = key.substring(key.indexOf('/') + 1);
    return "use node.kubernetes.io/" + name + " or a prefix of your own domain; a controller with cluster rights can set the original";
  }
}
