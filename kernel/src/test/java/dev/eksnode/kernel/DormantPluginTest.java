package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.eksnode.kernel.config.TomlDocuments;
import dev.eksnode.kernel.testing.PluginJar;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Plugins whose jar manifest says they are off are never class-loaded in a run (issue 10): {@link
 * Kernel#discoverForRun} reads the manifest, {@link Kernel#wake} loads only what the configuration
 * enables.
 */
class DormantPluginTest {

  @TempDir Path plugins;
  @TempDir Path root;

  @Test
  void neverLoadsTheClassesOfAPluginThatStaysOff() {
    PluginJar.plugin("sleeper-off").describedInManifest().step("sleeper-off/x", Set.of()).buildIn(plugins);
    // Its service names a class that does not exist: loading it would be a problem, leaving it alone is not.
    PluginJar.named("sleeper-ghost.jar").service("ghost.Missing").manifest("Plugin-Id", "sleeper-ghost")
        .manifest("Plugin-Version", "2.0.0").manifest("Eksnode-Enabled-By-Default", "false").buildIn(plugins);

    PluginSet found = Kernel.discoverForRun(plugins, PluginPins.NONE);
    PluginSet awake = Kernel.wake(found, config(""));

    assertSame(found, awake);
    assertEquals(List.of(), found.problems());
    assertEquals(List.of("sleeper-ghost 2.0.0 dormant", "sleeper-off 1.0.0 dormant"), describe(found));
    assertNull(System.getProperty(PluginJar.GeneratedPlugin.loadedProperty("sleeper-off")), "its classes were loaded");
    Setup setup = Kernel.bind(awake, config(""));
    assertEquals(Set.of(), setup.enabled());
    RunReport report = Kernel.run(setup, TestKernel.ordered(setup), Phase.BOOT,
        new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);
    assertEquals(List.of("sleeper-ghost 2.0.0 enabled=false", "sleeper-off 1.0.0 enabled=false"),
        report.plugins().stream().map(p -> p.id() + " " + p.version() + " enabled=" + p.enabled()).toList());
    // Eager discovery, as `eksnode plugins` does it, does load the jars and finds the broken one.
    assertEquals(1, Kernel.discover(plugins).problems().size());
  }

  @Test
  void loadsAndRunsADormantPluginTheConfigurationEnables() throws Exception {
    PluginJar.plugin("sleeper-on").describedInManifest().step("sleeper-on/x", Set.of(), "/etc/sleeper").buildIn(plugins);
    ConfigNode.Table config = config("[plugins.sleeper-on]\nenabled = true\n");

    PluginSet awake = Kernel.wake(Kernel.discoverForRun(plugins, PluginPins.NONE), config);

    assertEquals(List.of(), awake.problems());
    assertEquals(List.of("sleeper-on 1.0.0 loaded"), describe(awake));
    Setup setup = Kernel.bind(awake, config);
    Kernel.run(setup, TestKernel.ordered(setup), Phase.BOOT, new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);
    assertEquals("sleeper-on/x\n", Files.readString(root.resolve("etc/sleeper")));
  }

  /** Whether {@link Kernel#wake} loads a dormant plugin, by its manifest default and the configuration. */
  @ParameterizedTest(name = "default {0}, configuration {1}: {2}")
  @CsvSource(delimiter = ';', textBlock = """
      true  ; ''                                                      ; loaded
      true  ; '[plugins.sleeper-x]\\nenabled = false\\n'               ; dormant
      false ; ''                                                      ; dormant
      false ; '[plugins.sleeper-x]\\nenabled = true\\n'                ; loaded
      false ; '[plugins.sleeper-x]\\nenabled = false\\nlevel = 3\\n'    ; loaded
      false ; '[mystery]\\nx = 1\\n'                                   ; loaded
      """)
  void wakesWhatTheConfigurationEnablesConfiguresOrMightOwn(boolean enabledByDefault, String toml, String state) {
    PluginJar.GeneratedPlugin plugin = PluginJar.plugin("sleeper-x").describedInManifest();
    (enabledByDefault ? plugin.enabledByDefault() : plugin).buildIn(plugins);

    PluginSet awake = Kernel.wake(Kernel.discoverForRun(plugins, PluginPins.NONE), config(toml.replace("\\n", "\n")));

    assertEquals(List.of("sleeper-x 1.0.0 " + state), describe(awake));
  }

  @Test
  void refusesAJarWhoseManifestContradictsItsPluginClass() {
    Path jar = PluginJar.plugin("sleeper-liar").enabledByDefault()
        .manifest("Plugin-Id", "someone-else").manifest("Eksnode-Enabled-By-Default", "true").buildIn(plugins);

    PluginSet awake = Kernel.wake(Kernel.discoverForRun(plugins, PluginPins.NONE), config(""));

    assertEquals(List.of("plugin jar " + jar + " failed to load: its manifest says Plugin-Id: someone-else but its plugin "
        + "class says id 'sleeper-liar'"), awake.problems().stream().map(GraphProblem::message).toList());
    assertEquals(List.of(), awake.plugins().stream().filter(p -> !p.builtIn()).toList());
  }

  @Test
  void checksTheJarAgainstItsPinAgainBeforeLoadingIt() throws Exception {
    Path jar = PluginJar.plugin("sleeper-swapped").enabledByDefault().describedInManifest().buildIn(plugins);
    PluginSet found = Kernel.discoverForRun(plugins, new PluginPins(Map.of("sleeper-swapped", PluginPins.sha256(jar))));
    String pinned = PluginPins.sha256(jar);
    PluginJar.plugin("sleeper-swapped").enabledByDefault().describedInManifest().version("6.6.6").buildIn(plugins);

    PluginSet awake = Kernel.wake(found, config(""));

    assertEquals(List.of("plugin jar " + jar + " failed to load: does not match its pin plugin-pins.\"sleeper-swapped\": expected sha256:"
        + pinned + ", actual sha256:" + PluginPins.sha256(jar)), awake.problems().stream().map(GraphProblem::message).toList());
    assertNull(System.getProperty(PluginJar.GeneratedPlugin.loadedProperty("sleeper-swapped")), "its classes were loaded");
  }

  private static ConfigNode.Table config(String toml) {
    return TomlDocuments.parse("test.toml", toml);
  }

  private static List<String> describe(PluginSet set) {
    return set.plugins().stream().map(p -> p.id() + " " + p.plugin().version() + (p.dormant() ? " dormant" : " loaded")).toList();
  }
}
