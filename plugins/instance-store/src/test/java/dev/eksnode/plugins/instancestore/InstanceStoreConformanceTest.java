package dev.eksnode.plugins.instancestore;

import dev.eksnode.tck.PluginConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The conformance kit over this plugin's snapshot cases and bad-configuration samples. */
class InstanceStoreConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new InstanceStorePlugin())
        .cases(Path.of("src/test/tck/cases"))
        .badConfig(Path.of("src/test/tck/bad-config"))
        .tests();
  }
}
