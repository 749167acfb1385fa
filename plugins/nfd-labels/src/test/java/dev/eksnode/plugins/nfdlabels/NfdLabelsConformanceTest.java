package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.tck.PluginConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The conformance kit over this plugin's snapshot cases and bad-configuration samples. */
class NfdLabelsConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new NfdLabelsPlugin())
        .cases(Path.of("src/test/tck/cases"))
        .badConfig(Path.of("src/test/tck/bad-config"))
        .tests();
  }
}
