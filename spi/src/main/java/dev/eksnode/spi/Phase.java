package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

/** When a step runs: while the machine image is built, or at the node's first boot. */
@API(status = STABLE, since = "0.1.0")
public enum Phase {
  /** {@code eksnode image build}: installs and configures everything static. */
  IMAGE,
  /** {@code eksnode bootstrap}: writes the dynamic configuration and starts services. */
  BOOT
}
