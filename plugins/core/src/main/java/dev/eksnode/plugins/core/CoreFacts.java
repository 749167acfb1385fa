package dev.eksnode.plugins.core;

import dev.eksnode.spi.FactKey;

/** Facts the core plugin's steps hand each other and nobody else reads (the shared ones are in {@code NodeFacts}). */
final class CoreFacts {

  /** The instance type's vCPUs, for {@code kubeReserved}; published by {@code core/max-pods}. */
  static final FactKey<Integer> VCPUS = FactKey.of("core.internal.vcpus", Integer.class);

  /** How the maxPods value was derived, in words; published by {@code core/max-pods}. */
  static final FactKey<String> MAX_PODS_DERIVATION = FactKey.of("core.internal.max-pods-derivation", String.class);

  /** The files {@code core/service-environment} wrote or deleted in this run; published by it. */
  static final FactKey<ChangedFiles> ENVIRONMENT_CHANGES = FactKey.of("core.internal.environment-changes", ChangedFiles.class);

  /**
   * Files a step changed in this run.
   *
   * @param paths what it wrote or deleted
   * @param reloaded whether it reloaded systemd afterwards, so systemd already sees them
   */
  record ChangedFiles(java.util.Set<String> paths, boolean reloaded) {
    ChangedFiles {
      paths = java.util.Set.copyOf(paths);
    }

    /** The paths systemd has loaded since they changed. */
    java.util.Set<String> loaded() {
      return reloaded ? paths : java.util.Set.of();
    }
  }

  private CoreFacts() {}
}
