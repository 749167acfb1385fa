/**
 * The conformance kit: runs a plugin over snapshot cases and checks the rules every plugin must keep.
 * Plugin authors add it as a test dependency and return {@link dev.eksnode.tck.PluginConformance}'s
 * tests from a {@code @TestFactory}.
 */
module dev.eksnode.tck {
  requires transitive dev.eksnode.kernel;
  requires transitive dev.eksnode.node;
  requires transitive org.junit.jupiter.api;
  requires dev.eksnode.emulators;
  requires com.fasterxml.jackson.databind;

  exports dev.eksnode.tck;

  uses dev.eksnode.spi.Plugin;
}
