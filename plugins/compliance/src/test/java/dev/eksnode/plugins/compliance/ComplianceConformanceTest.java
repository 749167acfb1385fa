package dev.eksnode.plugins.compliance;

import dev.eksnode.tck.PluginConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The compliance plugin against the conformance kit: every case in src/test/tck/cases, every rule. */
class ComplianceConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new CompliancePlugin())
        .cases(Path.of("src/test/tck/cases"))
        .badConfig(Path.of("src/test/tck/bad-config"))
        .baseRoots(Path.of("src/test/tck/roots"))
        .tests();
  }
}
