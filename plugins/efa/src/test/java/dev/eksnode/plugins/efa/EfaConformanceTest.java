package dev.eksnode.plugins.efa;

import dev.eksnode.tck.PluginConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The efa plugin passes eksnode's conformance kit: every case in src/test/tck/cases, every rule. */
class EfaConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new EfaPlugin())
        .cases(Path.of("src/test/tck/cases"))
        .badConfig(Path.of("src/test/tck/bad-config"))
        .tests();
  }
}
