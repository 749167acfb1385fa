package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.kernel.testing.PluginJar;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHA-256 pins of plugin jars (issue 11), checked before any class of a jar is loaded. */
class PluginPinsTest {

  private static final String ZEROS = "0".repeat(64);

  @TempDir Path plugins;
  @TempDir Path root;

  @Test
  void refusesAJarWhoseDigestDiffersNamingItsPathAndBothDigests() throws Exception {
    Path jar = PluginJar.plugin("pin-mismatch").enabledByDefault().step("pin-mismatch/x", Set.of()).buildIn(plugins);

    PluginSet found = Kernel.discover(plugins, new PluginPins(Map.of("pin-mismatch", ZEROS)));

    assertEquals(
        List.of("plugin jar " + jar + " failed to load: does not match its pin plugin-pins.\"pin-mismatch\": expected sha256:"
            + ZEROS + ", actual sha256:" + PluginPins.sha256(jar)),
        found.problems().stream().map(GraphProblem::message).toList());
    assertEquals(List.of(), found.plugins());
    assertNull(System.getProperty(PluginJar.GeneratedPlugin.loadedProperty("pin-mismatch")), "its classes were loaded");
  }

  @Test
  void loadsAJarThatMatchesItsPin() throws Exception {
    Path jar = PluginJar.plugin("pin-match").step("pin-match/x", Set.of()).buildIn(plugins);

    PluginSet found = Kernel.discover(plugins, new PluginPins(Map.of("pin-match", PluginPins.sha256(jar))));

    assertEquals(List.of(), found.problems());
    assertEquals(List.of("pin-match"), found.plugins().stream().map(LoadedPlugin::id).toList());
  }

  @Test
  void refusesARenamedJarOnceAnyJarIsPinned() throws Exception {
    Path pinned = PluginJar.plugin("pin-kept").buildIn(plugins);
    String digest = PluginPins.sha256(pinned);
    Path renamed = Files.move(pinned, plugins.resolve("pin-renamed.jar"));

    PluginSet found = Kernel.discover(plugins, new PluginPins(Map.of("pin-kept", digest)));

    assertEquals(
        List.of("plugin jar " + renamed + " failed to load: is not pinned: the image configuration pins pin-kept and every jar "
            + "must have a pin; add plugin-pins.\"pin-renamed\" = \"sha256:" + digest + "\" if this jar is trusted"),
        found.problems().stream().map(GraphProblem::message).toList());
    assertNull(System.getProperty(PluginJar.GeneratedPlugin.loadedProperty("pin-kept")), "its classes were loaded");
  }

  @Test
  void looksAPinUpByTheManifestsPluginIdSoTheFileNameDoesNotMatter() throws Exception {
    Path jar = PluginJar.plugin("pin-by-id").describedInManifest().buildIn(plugins, "vendor-pin-by-id-2.3.jar");

    PluginSet found = Kernel.discover(plugins, new PluginPins(Map.of("pin-by-id", PluginPins.sha256(jar))));

    assertEquals(List.of(), found.problems());
    assertEquals(List.of("pin-by-id"), found.plugins().stream().map(LoadedPlugin::id).toList());
    assertEquals(Map.of("pin-by-id", PluginPins.sha256(jar)), Kernel.pinsOf(plugins));
  }

  @Test
  void readsPinsFromTheImageConfigurationAndItsDropIns() throws Exception {
    Files.createDirectories(root.resolve("etc/eksnode/config.d"));
    Files.writeString(root.resolve("etc/eksnode/eksnode.toml"), "[plugin-pins]\nacme = \"sha256:" + ZEROS + "\"\n");
    Files.writeString(root.resolve("etc/eksnode/config.d/50-pins.toml"),
        "[plugin-pins]\n\"acme-gpu\" = \"sha256:" + "a".repeat(64) + "\"\n");

    assertEquals(new PluginPins(Map.of("acme", ZEROS, "acme-gpu", "a".repeat(64))), PluginPins.read(root));
    assertEquals(PluginPins.NONE, PluginPins.read(plugins));
  }

  @Test
  void rejectsAMalformedPinNamingFileLineAndKey() throws Exception {
    Path image = Files.createDirectories(root.resolve("etc/eksnode")).resolve("eksnode.toml");
    Files.writeString(image, "[plugin-pins]\nacme = \"" + ZEROS + "\"\n");

    ConfigException e = assertThrows(ConfigException.class, () -> PluginPins.read(root));

    assertEquals(List.of(image + ", line 2, column 1: plugin-pins.acme: must be \"sha256:\" and 64 lower-case hex digits"),
        e.problems().stream().map(ConfigProblem::toString).map(text -> text.replaceFirst(" \\(print the pins.*", "")).toList());
  }
}
