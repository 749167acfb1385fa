package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.kernel.testing.PluginJar;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Kernel#prepare}: the one preparation path. Discovery, reading, waking, presets, binding, the
 * embedded configurations, pin warnings and ordering, each seen through what a caller gets back.
 */
class KernelPrepareTest {

  @TempDir Path root;
  @TempDir Path plugins;

  /**
   * A plugin owning {@code node}, {@code profile}, {@code boot} and {@code profiles}: {@code node.size}
   * must be a positive integer; {@code profile} selects {@code /etc/test/presets/<name>.toml}; {@code boot}
   * and {@code profiles.*} are whole configurations. Its step writes the size it was given.
   */
  private static TestPlugin node() {
    Step write = TestStep.boot("node/size").does(context -> {
      context.host().writeString("/etc/node-size", context.config(Long.class) + "\n", 0644);
      return Outcome.done();
    });
    return TestPlugin.enabled("node", write)
        .owning("node", "profile", "boot", "profiles")
        .binding(KernelPrepareTest::bindNode)
        .offeringPresets("profile", "/etc/test/presets")
        .embedding("boot", "profiles.*");
  }

  private static Object bindNode(ConfigSection config) {
    config.string("profile");
    ConfigSection node = config.section("node");
    node.allowOnly(Set.of("size"));
    long size = node.integer("size").orElse(1L);
    if (size < 1) {
      node.problem("size", size + " is not a positive size");
    }
    return size;
  }

  private Path write(String path, String text) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private RunRequest request(TestPlugin... given) {
    return RunRequest.of(Phase.BOOT, root)
        .withPlugins(java.util.Arrays.stream(given).map(p -> new LoadedPlugin(p, LoadedPlugin.BUILT_IN)).toList());
  }

  private static Preparation.Ready ready(Preparation preparation) {
    return switch (preparation) {
      case Preparation.Ready ready -> ready;
      case Preparation.Refused refused -> throw new AssertionError("refused: " + refused);
    };
  }

  private static Preparation.Refused refused(Preparation preparation) {
    return assertInstanceOf(Preparation.Refused.class, preparation);
  }

  @Test
  void readsThePresetTheImageConfigurationSelectsRightAfterIt() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "profile = \"big\"\n[node]\nsize = 1\n");
    Path big = write("/etc/test/presets/big.toml", "[node]\nsize = 2\n");
    write("/etc/test/presets/small.toml", "[node]\nsize = 3\n");

    Preparation.Ready ready = ready(Kernel.prepare(request(node())));

    assertEquals(List.of(new Preparation.Preset("node", "profile", "big", big)), ready.presets());
    assertEquals(List.of(image.toString(), root.resolve("etc/eksnode/config.d").toString(), big.toString(),
        root.resolve("etc/eksnode/local.d").toString()), ready.configuration().sources().stream().map(ConfigSource::display).toList());
    assertEquals(2L, ready.setup().bound().get("node"));
    assertEquals(List.of("node/size"), ready.graph().steps().stream().map(Step::id).toList());
    Kernel.run(ready, new RunOptions(root, false, Map.of(), TestKernel.CLOCK), RunListener.NONE);
    assertEquals("2\n", Files.readString(root.resolve("etc/node-size")));
  }

  @Test
  void everythingReadAfterTheImageConfigurationOverridesThePreset() throws IOException {
    write("/etc/eksnode/eksnode.toml", "profile = \"big\"\n");
    write("/etc/test/presets/big.toml", "[node]\nsize = 2\n");
    write("/etc/eksnode/local.d/10-node.toml", "[node]\nsize = 4\n");
    Path late = Files.writeString(root.resolve("late.toml"), "profile = \"big\"\n");

    Preparation.Ready ready = ready(Kernel.prepare(request(node()).withConfigFiles(List.of(late))));

    assertEquals(4L, ready.setup().bound().get("node"));
    assertEquals(1, ready.presets().size());
  }

  @Test
  void takesNoPresetWhenTheSourcesLeaveOutTheImageConfiguration() throws IOException {
    write("/etc/test/presets/big.toml", "[node]\nsize = 2\n");
    Path user = Files.writeString(root.resolve("user.toml"), "profile = \"big\"\n");

    Preparation.Ready ready = ready(Kernel.prepare(request(node()).withSources(List.of(new ConfigSource.Files(user, false)))));

    assertEquals(List.of(), ready.presets());
    assertEquals(1L, ready.setup().bound().get("node"));
  }

  @Test
  void takesNoPresetForANameThatIsNotOneOrHasNoFile() throws IOException {
    write("/etc/test/presets/big.toml", "[node]\nsize = 2\n");
    write("/etc/eksnode/eksnode.toml", "profile = \"../presets/big\"\n");
    assertEquals(List.of(), ready(Kernel.prepare(request(node()))).presets());

    write("/etc/eksnode/eksnode.toml", "profile = \"huge\"\n");
    assertEquals(List.of(), ready(Kernel.prepare(request(node()))).presets());
  }

  @Test
  void refusesEveryConfigurationProblemAtOnceInSourceOrder() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", """
        [node]
        size = -1
        [boot.node]
        size = -2
        [profiles.small.node]
        size = -3
        colour = "red"
        """);
    Path local = write("/etc/eksnode/local.d/10-x.toml", "[nod]\nsize = 1\n");

    Preparation.Refused refused = refused(Kernel.prepare(request(node())));

    assertEquals(List.of(), refused.pluginProblems());
    assertEquals(List.of(
            image + ", line 2, column 1: node.size: -1 is not a positive size",
            image + ", line 4, column 1: boot.node.size: -2 is not a positive size",
            image + ", line 6, column 1: profiles.small.node.size: -3 is not a positive size",
            image + ", line 7, column 1: profiles.small.node.colour: unknown key (known keys: size)",
            local + ", line 1, column 1: nod: unknown section (did you mean 'node'?)"),
        refused.configProblems().stream().map(ConfigProblem::toString).toList());
  }

  @Test
  void refusesABrokenJarAsAPluginProblemWithoutJudgingTheConfiguration() throws IOException {
    Path garbage = Files.write(plugins.resolve("x.jar"), new byte[] {1, 2, 3});
    write("/etc/eksnode/eksnode.toml", "[nonsense]\n");

    Preparation.Refused refused = refused(Kernel.prepare(RunRequest.of(Phase.BOOT, root).withPluginsDirectory(plugins)));

    assertEquals(List.of("plugin jar " + garbage + " failed to load: not a readable jar: zip END header not found"),
        refused.pluginProblems().stream().map(GraphProblem::message).toList());
    assertEquals(List.of(), refused.configProblems());
  }

  @Test
  void refusesABrokenImageConfigurationBeforeLoadingAnyJar() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "[plugin-pins]\nacme = \"md5:1\"\n");
    Files.write(plugins.resolve("x.jar"), new byte[] {1, 2, 3});

    Preparation.Refused refused = refused(Kernel.prepare(RunRequest.of(Phase.BOOT, root).withPluginsDirectory(plugins)));

    assertEquals(List.of(), refused.pluginProblems(), "no jar was opened");
    assertEquals(List.of(image + ", line 2, column 1: plugin-pins.acme: must be \"sha256:\" and 64 lower-case hex digits"
        + " (print the pins of the installed jars with: eksnode plugins --format pins)"),
        refused.configErrors().stream().map(ConfigProblem::toString).toList());
  }

  @Test
  void wakesTheDormantJarAPresetEnables() throws IOException {
    PluginJar.named("presets.jar")
        .source("generated.presets.PresetsPlugin", """
            package generated.presets;

            import dev.eksnode.spi.*;
            import java.util.List;
            import java.util.Set;

            public final class PresetsPlugin implements Plugin {
              @Override public String id() { return "presets"; }
              @Override public String version() { return "1.0.0"; }
              @Override public String description() { return "Offers presets."; }
              @Override public boolean enabledByDefault() { return true; }
              @Override public List<Step> steps() { return List.of(); }
              @Override public Set<String> configSections() { return Set.of("profile"); }
              @Override public List<ConfigPresets> configPresets() {
                return List.of(new ConfigPresets("profile", "/etc/test/presets"));
              }
            }
            """)
        .service("generated.presets.PresetsPlugin")
        .buildIn(plugins);
    PluginJar.plugin("sleeper").describedInManifest().step("sleeper/x", Set.of(), "/etc/sleeper").buildIn(plugins);
    write("/etc/eksnode/eksnode.toml", "profile = \"gpu\"\n");
    write("/etc/test/presets/gpu.toml", "[plugins.sleeper]\nenabled = true\n");

    Preparation.Ready ready = ready(Kernel.prepare(RunRequest.of(Phase.BOOT, root).withPluginsDirectory(plugins)));

    assertFalse(ready.plugins().find("sleeper").orElseThrow().dormant(), "the preset enables sleeper: its jar is loaded");
    assertEquals(Set.of("presets", "sleeper"), ready.setup().enabled());
    assertEquals(List.of("sleeper/x"), ready.graph().steps().stream().map(Step::id).toList());
  }

  @Test
  void refusesStepsThatCannotBeOrderedAsPluginProblemsKeepingTheWarnings() throws IOException {
    TestPlugin lonely = TestPlugin.enabled("lonely", TestStep.boot("lonely/x").requires("other/y"));
    Path file = Files.writeString(root.resolve("x.toml"), "[plugins.lonely]\nenabled = true\n[extra]\n");

    Preparation.Refused refused = refused(Kernel.prepare(request(lonely)
        .withSources(List.of(new ConfigSource.Files(file, false))).withPolicy(new ConfigPolicy(false, true))));

    assertEquals(List.of("step 'lonely/x' requires 'other/y', which is not available: plugin 'other' is not installed"),
        refused.pluginProblems().stream().map(GraphProblem::message).toList());
    assertEquals(List.of(file + ", line 3, column 1: extra: unknown section"),
        refused.configProblems().stream().map(ConfigProblem::toString).toList());
    assertEquals(List.of(), refused.configErrors());
  }

  @Test
  void warnsThatAPinOutsideTheImageConfigurationHasNoEffect() throws IOException {
    Path late = Files.writeString(root.resolve("late.toml"), "[plugin-pins]\nacme = \"sha256:" + "0".repeat(64) + "\"\n");

    Preparation.Ready ready = ready(Kernel.prepare(request(node()).withConfigFiles(List.of(late))));

    assertEquals(List.of(late + ", line 2, column 1: plugin-pins.acme: has no effect here: plugin pins are read only from the"
        + " image configuration (/etc/eksnode/eksnode.toml, /etc/eksnode/config.d/*.toml)"), ready.warnings().stream()
        .map(ConfigProblem::toString).toList());
  }

  @Test
  void refusesTwoPluginsClaimingOneSection() {
    Preparation.Refused refused = refused(Kernel.prepare(request(
        TestPlugin.enabled("alpha").owning("shared"), TestPlugin.enabled("beta").owning("shared", "plugins.beta"))));

    assertEquals(List.of("configuration section 'shared' is claimed by plugin 'alpha' and plugin 'beta'"),
        refused.pluginProblems().stream().map(GraphProblem::message).toList());
  }

  @Test
  void ordersTheRequestedPhase() {
    TestPlugin both = TestPlugin.enabled("both", TestStep.boot("both/boot"), TestStep.image("both/image"));

    assertEquals(List.of("both/image"),
        ready(Kernel.prepare(request(both).withPhase(Phase.IMAGE))).graph().steps().stream().map(Step::id).toList());
    assertTrue(ready(Kernel.prepare(request(both))).graph().steps().stream().map(Step::id).toList().contains("both/boot"));
  }
}
