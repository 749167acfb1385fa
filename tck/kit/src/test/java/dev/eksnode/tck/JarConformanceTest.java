package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.tck.fixtures.GoodPlugin;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit checks a plugin jar loaded through PF4J the same way as a plugin on the class path. */
class JarConformanceTest {

  @TempDir Path dir;

  /** A real plugin jar: the fixture's compiled classes and the services entry naming the plugin, nothing else. */
  private Path buildJar() throws Exception {
    Path classes = Path.of(GoodPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = dir.resolve("good-plugin-1.0.0.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes.resolve("dev/eksnode/tck/fixtures"))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
        Files.copy(file, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.eksnode.spi.Plugin"));
      OutputStream entry = out;
      entry.write((GoodPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aPluginJarPassesTheRulesItsClassPathTwinPasses() throws Exception {
    BrokenPluginsTest.Results results = BrokenPluginsTest.run(PluginConformance.forJar(buildJar())
        .cases(GoodPluginConformanceTest.CASES)
        .badConfig(GoodPluginConformanceTest.BAD_CONFIG)
        .only(Rule.GOLDEN, Rule.WELL_FORMED, Rule.CONFIG)
        .compareOnly()
        .tests());

    assertEquals(List.of(), List.copyOf(results.failed().keySet()), results::messages);
    assertEquals(List.of("good / al2023-defaults / golden", "good / al2023-defaults / well-formed",
        "good / gpu-g5-blue / golden", "good / gpu-g5-blue / well-formed", "good / bad-config:kit-unknown-key / config",
        "good / bad-config:kit-documented-keys / config", "good / bad-config:bad-color / config", "good / bad-config:greeting-type / config"), results.passed());
  }

  @Test
  void aJarWithoutAServicesEntryFailsWellFormedNamingTheJar() throws Exception {
    Path jar = dir.resolve("empty.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("README.txt"));
      out.closeEntry();
    }

    BrokenPluginsTest.Results results = BrokenPluginsTest.run(PluginConformance.forJar(jar).cases(dir).tests());

    assertEquals(List.of("empty / load / well-formed"), List.copyOf(results.failed().keySet()));
    String message = results.failed().get("empty / load / well-formed");
    assertEquals(true, message.startsWith("plugin jar " + jar + " did not load as one plugin:\n  plugin jar "), message);
    assertEquals(true, message.endsWith("empty.jar failed to load: no META-INF/services/dev.eksnode.spi.Plugin entry names a plugin class"), message);
  }
}
