package dev.eksnode.spi;

/** When a step runs: while the machine image is built, or at the node's first boot. */
public enum Phase {
  /** {@code eksnode image build}: installs and configures everything static. */
  IMAGE,
  /** {@code eksnode bootstrap}: writes the dynamic configuration and starts services. */
  BOOT
}
