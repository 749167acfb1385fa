package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.testing.PluginJar;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Kernel#discover} over real plugin jars built at test time. */
class PluginDiscoveryTest {

  @TempDir Path plugins;
  @TempDir Path root;

  @Test
  void discoversAPluginJarAndRunsItsStep() throws Exception {
    Path jar =
        PluginJar.plugin("acme")
            .version("1.2.0")
            .enabledByDefault()
            .step("acme/hello", Set.of(), "/etc/acme/hello")
            .buildIn(plugins);

    PluginSet found = Kernel.discover(plugins);

    assertEquals(List.of(), found.problems());
    assertEquals(List.of("acme 1.2.0 from " + jar), describe(found));
    Setup setup = Kernel.bind(found, ConfigNode.Table.empty(ConfigLocation.of("test")));
    RunReport report =
        Kernel.run(setup, TestKernel.ordered(setup), Phase.BOOT, new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);
    assertEquals(List.of("acme/hello: applied"), TestKernel.lines(report));
    assertEquals("acme/hello\n", Files.readString(root.resolve("etc/acme/hello")));
    assertEquals(jar.toString(), report.plugins().getFirst().source());
  }

  @Test
  void loadsEveryJarInTheDirectoryInNameOrder() {
    Path beta = PluginJar.plugin("beta").step("beta/x", Set.of()).buildIn(plugins);
    Path alpha = PluginJar.plugin("alpha").step("alpha/x", Set.of()).buildIn(plugins);

    assertEquals(List.of("alpha 1.0.0 from " + alpha, "beta 1.0.0 from " + beta), describe(Kernel.discover(plugins)));
  }

  @Test
  void reportsAJarThatIsNoJarWithItsPath() throws Exception {
    Path garbage = Files.write(plugins.resolve("x.jar"), new byte[] {0x13, 0x37, 0x00, 0x42, 0x7f});

    PluginSet found = Kernel.discover(plugins);

    assertEquals(List.of(), found.plugins());
    assertEquals(
        List.of("plugin jar " + garbage + " failed to load: not a readable jar: zip END header not found"),
        found.problems().stream().map(GraphProblem::message).toList());
    assertEquals(garbage.toString(), ((GraphProblem.BrokenJar) found.problems().getFirst()).path());
  }

  @Test
  void reportsAServiceEntryNamingAMissingClassWithPathAndCause() {
    Path jar = PluginJar.named("ghost.jar").service("ghost.GhostPlugin").buildIn(plugins);

    PluginSet found = Kernel.discover(plugins);

    assertEquals(List.of(), found.plugins());
    assertEquals(
        List.of(
            new GraphProblem.BrokenJar(
                jar.toString(), "its META-INF/services entry names a class that cannot be loaded or made (Provider"
                    + " ghost.GhostPlugin not found)")),
        found.problems());
  }

  @Test
  void reportsAServiceEntryNamingAClassThatIsNoPlugin() {
    Path jar =
        PluginJar.named("impostor.jar")
            .source("impostor.NotAPlugin", "package impostor;\npublic final class NotAPlugin {}\n")
            .service("impostor.NotAPlugin")
            .buildIn(plugins);

    PluginSet found = Kernel.discover(plugins);

    assertEquals(
        List.of(
            new GraphProblem.BrokenJar(
                jar.toString(), "its META-INF/services entry names a class that cannot be loaded or made (impostor.NotAPlugin"
                    + " not a subtype)")),
        found.problems());
  }

  @Test
  void reportsAJarWithoutServiceEntry() {
    Path jar =
        PluginJar.named("quiet.jar")
            .source("quiet.Nothing", "package quiet;\npublic final class Nothing {}\n")
            .buildIn(plugins);

    PluginSet found = Kernel.discover(plugins);

    assertEquals(
        List.of(new GraphProblem.BrokenJar(jar.toString(), "no META-INF/services/dev.eksnode.spi.Plugin entry names a plugin class")),
        found.problems());
    assertEquals(
        "plugin jar " + jar + " failed to load: no META-INF/services/dev.eksnode.spi.Plugin entry names a plugin class",
        found.problems().getFirst().message());
  }

  @Test
  void keepsLoadingAfterABrokenJar() throws Exception {
    Files.write(plugins.resolve("a-broken.jar"), new byte[] {1, 2, 3});
    Path good = PluginJar.plugin("good").step("good/x", Set.of()).buildIn(plugins);

    PluginSet found = Kernel.discover(plugins);

    assertEquals(List.of("good 1.0.0 from " + good), describe(found));
    assertEquals(List.of(plugins.resolve("a-broken.jar").toString()), found.problems().stream()
        .map(p -> ((GraphProblem.BrokenJar) p).path()).toList());
  }

  @Test
  void reportsTwoJarsProvidingTheSamePluginId() {
    Path first = PluginJar.plugin("twin").buildIn(plugins, "twin-a.jar");
    Path second = PluginJar.plugin("twin").buildIn(plugins, "twin-b.jar");

    PluginSet found = Kernel.discover(plugins);

    assertEquals(
        List.of("plugin id 'twin' is provided twice: by " + first + " and by " + second),
        found.problems().stream().map(GraphProblem::message).toList());
  }

  @Test
  void findsNothingInADirectoryThatDoesNotExist() {
    PluginSet found = Kernel.discover(plugins.resolve("missing"));

    assertEquals(List.of(), found.plugins());
    assertEquals(List.of(), found.problems());
  }

  private static List<String> describe(PluginSet found) {
    return found.plugins().stream().map(p -> p.id() + " " + p.plugin().version() + " from " + p.source()).toList();
  }
}
