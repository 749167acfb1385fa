package dev.eksnode.spi.rogue;

/**
 * Makes the SPI depend on the kernel and speak of the kubelet: a fixture for {@code ArchitectureTest}.
 * Never loaded by anything.
 */
public final class LeakyContract {

  private LeakyContract() {}

  static String kubeletVersion() {
    return "v1.31.2";
  }

  static String leak() {
    return dev.eksnode.kernel.Kernel.reportPath(dev.eksnode.spi.Phase.IMAGE);
  }
}
