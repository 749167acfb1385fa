package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.STABLE;

import dev.eksnode.spi.API;

/**
 * The kubelet's version, which behaviour that differs between Kubernetes minor versions is keyed on.
 * Published by the core plugin as {@link NodeFacts#KUBELET_VERSION}.
 */
@API(status = STABLE, since = "0.1.0")
public record KubeletVersion(int major, int minor, int patch) implements Comparable<KubeletVersion> {

  /** Parses {@code v1.31.2}, {@code 1.31.2} or {@code Kubernetes v1.31.2-eks-1234}; empty when no version is found. */
  public static java.util.Optional<KubeletVersion> find(String text) {
    var matcher = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)").matcher(text);
    if (!matcher.find()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new KubeletVersion(
            Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
  }

  /** Whether this version is at least {@code major.minor}. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public int compareTo(KubeletVersion other) {
    return java.util.Comparator.comparingInt(KubeletVersion::major)
        .thenComparingInt(KubeletVersion::minor)
        .thenComparingInt(KubeletVersion::patch)
        .compare(this, other);
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch;
  }
}
