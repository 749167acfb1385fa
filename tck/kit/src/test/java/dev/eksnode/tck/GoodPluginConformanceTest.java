package dev.eksnode.tck;

import dev.eksnode.tck.fixtures.GoodPlugin;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** The kit as a plugin author uses it: the well-behaved test plugin passes every rule on every case. */
class GoodPluginConformanceTest {

  static final Path CASES = Path.of("src/test/tck/good/cases");
  static final Path BAD_CONFIG = Path.of("src/test/tck/good/bad-config");

  @TestFactory
  Stream<DynamicNode> conformance() {
    return PluginConformance.forPlugin(new GoodPlugin()).cases(CASES).badConfig(BAD_CONFIG).tests();
  }
}
