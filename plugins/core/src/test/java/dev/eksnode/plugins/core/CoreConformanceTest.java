package dev.eksnode.plugins.core;

import dev.eksnode.tck.PluginConformance;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The core plugin against the conformance kit: every case in src/test/tck/cases, every rule. The cases
 * run over the kit's shipped roots ({@code eks-al2023}, the emulators' AL2023 image, for all but
 * {@code al2023-join}).
 */
class CoreConformanceTest {

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new CorePlugin())
        .cases(Path.of("src/test/tck/cases"))
        .badConfig(Path.of("src/test/tck/bad-config"))
        .tests();
  }
}
