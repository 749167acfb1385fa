package dev.eksnode.kernel.rogue;

/**
 * Makes the kernel depend on a plugin, closing a cycle with {@code RogueStep}, and on the node API: a
 * fixture for {@code ArchitectureTest}. Never loaded by anything.
 */
public final class KernelLeak {

  private KernelLeak() {}

  static Class<?> leak() {
    return dev.eksnode.plugins.rogue.RogueStep.class;
  }

  static Class<?> seeTheNodeApi() {
    return dev.eksnode.node.Commands.class;
  }
}
