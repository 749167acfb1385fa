package dev.eksnode.plugins.core.maxpods;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The max-pods formulas and how a value was derived, in words a user can check by hand (e.g. {@code
 * m5.large: 3 ENIs x (10 IPv4 - 1) + 2 = 29}).
 *
 * @param value the number of pods
 * @param derivation how the value came about
 */
public record MaxPods(int value, String derivation) {

  /** The value when the instance type cannot be looked up. */
  public static final int UNKNOWN_INSTANCE_TYPE = 110;

  /** Recommended cap under prefix delegation for instance types with at most {@link #SMALL_VCPUS} vCPUs. */
  public static final int PREFIX_DELEGATION_CAP_SMALL = 110;

  /** Recommended cap under prefix delegation for bigger instance types. */
  public static final int PREFIX_DELEGATION_CAP_LARGE = 250;

  static final int SMALL_VCPUS = 30;

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

  /** The value for an instance type nobody could look up. */
  public static MaxPods unknown(String instanceType) {
    return new MaxPods(
        UNKNOWN_INSTANCE_TYPE,
        "instance type " + instanceType + " is unknown: " + UNKNOWN_INSTANCE_TYPE + " (the default)");
  }

  /**
   * Computes max pods for an instance type under a policy.
   *
   * @param cniVersion the VPC CNI version, when known; prefix delegation needs 1.9.0 or later
   * @throws IllegalArgumentException under prefix delegation when {@code limits} holds no vCPU count
   */
  public static MaxPods compute(InstanceTypeLimits limits, MaxPodsPolicy policy, Optional<String> cniVersion) {
    String type = limits.instanceType();
    int enis = limits.maximumNetworkInterfaces();
    int ips = limits.ipv4AddressesPerInterface();
    switch (policy) {
      case PREFIX_DELEGATION -> {
        if (!limits.nitro()) {
          return withNote(standard(limits), type + " is not a Nitro instance type, so prefix delegation does not apply");
        }
        if (cniVersion.isPresent() && !atLeast(cniVersion.get(), 1, 9)) {
          return withNote(
              standard(limits), "VPC CNI " + cniVersion.get() + " has no prefix delegation (needs 1.9.0 or later)");
        }
        int formula = enis * ((ips - 1) * 16) + 2;
        String text = type + ": " + enis + " ENIs x ((" + ips + " IPv4 - 1) x 16) + 2 = " + formula;
        int vcpus = limits.vcpus().orElseThrow(() -> new IllegalArgumentException(
            "the prefix-delegation cap depends on the vCPU count, which is not known for " + type));
        int cap = vcpus <= SMALL_VCPUS ? PREFIX_DELEGATION_CAP_SMALL : PREFIX_DELEGATION_CAP_LARGE;
        if (formula > cap) {
          return new MaxPods(
              cap,
              text + ", capped at " + cap + " (recommended for " + vcpus + " vCPUs: "
                  + PREFIX_DELEGATION_CAP_SMALL + " up to " + SMALL_VCPUS + " vCPUs, else " + PREFIX_DELEGATION_CAP_LARGE + ")");
        }
        return new MaxPods(formula, text);
      }
      case CUSTOM_NETWORKING -> {
        int value = (enis - 1) * (ips - 1) + 2;
        return new MaxPods(value, type + ": (" + enis + " ENIs - 1) x (" + ips + " IPv4 - 1) + 2 = " + value);
      }
      case STANDARD -> {
        return standard(limits);
      }
    }
    throw new IllegalStateException(policy.name());
  }

  private static MaxPods standard(InstanceTypeLimits limits) {
    int enis = limits.maximumNetworkInterfaces();
    int ips = limits.ipv4AddressesPerInterface();
    int value = enis * (ips - 1) + 2;
    return new MaxPods(value, limits.instanceType() + ": " + enis + " ENIs x (" + ips + " IPv4 - 1) + 2 = " + value);
  }

  private static MaxPods withNote(MaxPods result, String note) {
    return new MaxPods(result.value, note + "; " + result.derivation);
  }

  /** This result capped at {@code cap}, saying so when the cap bites. */
  public MaxPods cappedAt(int cap, String what) {
    if (value <= cap) {
      return this;
    }
    return new MaxPods(cap, derivation + ", capped at " + what + " = " + cap);
  }

  /** This result followed by where the instance type's limits came from. */
  public MaxPods from(String source) {
    return new MaxPods(value, derivation + " (limits from " + source + ")");
  }

  static boolean atLeast(String version, int major, int minor) {
    Matcher matcher = VERSION.matcher(version.strip());
    if (!matcher.matches()) {
      return false;
    }
    int actualMajor = Integer.parseInt(matcher.group(1));
    int actualMinor = Integer.parseInt(matcher.group(2));
    return actualMajor > major || (actualMajor == major && actualMinor >= minor);
  }

  /** Whether {@code text} is a version the CNI check understands, e.g. {@code 1.18.2} or {@code v1.9}. */
  public static boolean isVersion(String text) {
    return VERSION.matcher(text.strip()).matches();
  }
}
