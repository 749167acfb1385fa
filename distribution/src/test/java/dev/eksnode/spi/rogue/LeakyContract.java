package dev.eksnode.spi.rogue;

/** Makes the SPI depend on the kernel: a fixture for {@code ArchitectureTest}. Never loaded by anything. */
public final class LeakyContract {

  private LeakyContract() {}

  static String leak() {
    return dev.eksnode.kernel.Kernel.reportPath(dev.eksnode.spi.Phase.IMAGE);
  }
}
