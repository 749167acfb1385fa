package dev.eksnode.plugins.rogue;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.plugins.core.CorePlugin;
import dev.eksnode.spi.Phase;

/**
 * Breaks the plugin rules on purpose: {@code ArchitectureTest} checks that each rule finds it. Never
 * loaded by anything.
 */
public final class RogueStep {

  private RogueStep() {}

  static void misbehave() throws java.io.IOException {
    System.out.println(Kernel.reportPath(Phase.BOOT));
    System.err.println(new CorePlugin().id());
    java.util.logging.Logger.getLogger("rogue").info("logging through java.util.logging");
    new ProcessBuilder("sh", "-c", "echo " + System.getenv("VALUE")).start();
    Runtime.getRuntime().exec(new String[] {"id"});
    if (System.nanoTime() < 0) {
      System.exit(42);
      Runtime.getRuntime().halt(42);
    }
  }
}
