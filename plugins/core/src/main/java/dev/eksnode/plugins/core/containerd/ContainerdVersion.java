package dev.eksnode.plugins.core.containerd;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the node's containerd, which decides the configuration layout eksnode renders:
 * containerd 2 reads config version 3, containerd 1.x version 2.
 *
 * @param major e.g. {@code 2}
 * @param minor e.g. {@code 1}
 * @param patch e.g. {@code 9}
 */
public record ContainerdVersion(int major, int minor, int patch) {

  private static final Pattern VERSION = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,6})");

  /**
   * The first {@code major.minor.patch} in {@code text}: {@code containerd github.com/containerd/containerd/v2
   * 2.1.9}, {@code 1.7.27-1.amzn2023.0.1}; empty when there is none.
   */
  public static Optional<ContainerdVersion> find(String text) {
    Matcher matcher = VERSION.matcher(text);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(new ContainerdVersion(
        Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
  }

  /** The configuration version this containerd reads: 3 from containerd 2, else 2. */
  public int configVersion() {
    return major >= 2 ? 3 : 2;
  }

  /** Whether this is at least {@code major.minor}. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
