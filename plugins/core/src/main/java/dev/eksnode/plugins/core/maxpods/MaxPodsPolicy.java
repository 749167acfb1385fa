package dev.eksnode.plugins.core.maxpods;

/** How the number of pods is computed from an instance type's ENI limits. */
public enum MaxPodsPolicy {
  /** Secondary IPs: {@code ENIs * (IPv4-per-ENI - 1) + 2}. */
  STANDARD,
  /** VPC CNI prefix delegation (1.9+, Nitro only): {@code ENIs * ((IPv4-per-ENI - 1) * 16) + 2}, capped as recommended. */
  PREFIX_DELEGATION,
  /** VPC CNI custom networking, pods off the primary ENI: {@code (ENIs - 1) * (IPv4-per-ENI - 1) + 2}. */
  CUSTOM_NETWORKING
}
