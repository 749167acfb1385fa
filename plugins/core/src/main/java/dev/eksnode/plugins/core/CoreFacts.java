package dev.eksnode.plugins.core;

import dev.eksnode.spi.FactKey;

/** Facts the core plugin's steps hand each other and nobody else reads (the shared ones are in {@code NodeFacts}). */
final class CoreFacts {

  /** The instance type's vCPUs, for {@code kubeReserved}; published by {@code core/max-pods}. */
  static final FactKey<Integer> VCPUS = FactKey.of("core.internal.vcpus", Integer.class);

  /** How the maxPods value was derived, in words; published by {@code core/max-pods}. */
  static final FactKey<String> MAX_PODS_DERIVATION = FactKey.of("core.internal.max-pods-derivation", String.class);

  /**
   * What systemd loaded when {@code core/service-environment} reloaded it in this run, as a {@link
   * LoadedUnits#listing} (not published when it did not reload): the later service steps need not
   * reload again for files that were loaded then.
   */
  static final FactKey<String> RELOADED_UNITS = FactKey.of("core.internal.reloaded-units", String.class);

  private CoreFacts() {}
}
