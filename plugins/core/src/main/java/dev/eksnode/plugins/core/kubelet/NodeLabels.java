package dev.eksnode.plugins.core.kubelet;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The rules a kubelet's own node labels must keep (the NodeRestriction admission plugin and label syntax). */
final class NodeLabels {

  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
  private static final List<String> ALLOWED_KUBERNETES_NAMESPACES = List.of("kubelet.kubernetes.io", "node.kubernetes.io");

  private NodeLabels() {}

  /** What is wrong with a label, or empty when the kubelet may set it. */
  static String problem(String key, String value) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return "label key \"" + key + "\": the name must be 1-63 characters of [A-Za-z0-9_.-], starting and ending alphanumeric";
    }
    if (slash >= 0 && (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
      return "label key \"" + key + "\": the prefix must be a DNS subdomain";
    }
    String domain = prefix.toLowerCase(Locale.ROOT);
    if (inNamespace(domain, "kubernetes.io") || inNamespace(domain, "k8s.io")) {
      if (ALLOWED_KUBERNETES_NAMESPACES.stream().noneMatch(allowed -> inNamespace(domain, allowed))) {
        return "label key \"" + key + "\": a kubelet may not set labels in " + prefix
            + " (NodeRestriction allows only kubelet.kubernetes.io and node.kubernetes.io in the kubernetes.io and k8s.io namespaces)";
      }
    }
    if (value.length() > 63 || !VALUE.matcher(value).matches()) {
      return "label \"" + key + "\" value \"" + value + "\": at most 63 characters of [A-Za-z0-9_.-], starting and ending alphanumeric";
    }
    return "";
  }

  private static boolean inNamespace(String domain, String namespace) {
    return domain.equals(namespace) || domain.endsWith("." + namespace);
  }
}
