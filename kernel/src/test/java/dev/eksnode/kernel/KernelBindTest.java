package dev.eksnode.kernel;

import static dev.eksnode.kernel.TestKernel.setup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How {@link Kernel#bind} routes configuration to plugins and reports what is wrong with it. */
class KernelBindTest {

  /** Owns {@code cluster} as the core plugin does, and accepts only {@code cluster.name}. */
  private final Plugin core =
      TestPlugin.enabled("core")
          .owning("cluster", "plugins.core")
          .binding(config -> {
            config.section("plugins.core").allowOnly(Set.of());
            config.section("cluster").allowOnly(Set.of("name"));
            return config.section("cluster").string("name").orElse("");
          });

  /** A plugin that is off unless enabled, accepting {@code plugins.nvidia.driver}. */
  private final Plugin nvidia =
      TestPlugin.disabled("nvidia")
          .binding(config -> {
            ConfigSection own = config.section("plugins.nvidia");
            own.allowOnly(Set.of("driver"));
            return own.string("driver").orElse("default");
          });

  @Test
  void reportsAnUnknownSectionWithTheClosestKnownOne() {
    List<String> problems = problems("[clsuter]\nname = \"demo\"\n", core);

    assertEquals(List.of("test.toml, line 1, column 1: clsuter: unknown section (did you mean 'cluster'?)"), problems);
  }

  @Test
  void reportsAnUnknownSectionWithoutSuggestionWhenNothingIsClose() {
    assertEquals(
        List.of("test.toml, line 1, column 1: zzzzzzzz: unknown section"), problems("[zzzzzzzz]\nx = 1\n", core));
  }

  @Test
  void reportsAnUnknownPluginWithTheClosestInstalledOne() {
    List<String> problems = problems("[plugins.nvidai]\nenabled = true\n", core, nvidia);

    assertEquals(
        List.of("test.toml, line 1, column 1: plugins.nvidai: no plugin with this id is installed (did you mean 'nvidia'?)"),
        problems);
  }

  @Test
  void listsTheInstalledPluginsWhenNoIdIsClose() {
    List<String> problems = problems("[plugins.storage]\nenabled = true\n", core, nvidia);

    assertEquals(
        List.of("test.toml, line 1, column 1: plugins.storage: no plugin with this id is installed (installed: core, nvidia)"),
        problems);
  }

  @Test
  void reportsAnEnabledFlagOfTheWrongTypeOnce() {
    List<String> problems = problems("[plugins.nvidia]\nenabled = \"yes\"\n", core, nvidia);

    assertEquals(
        List.of("test.toml, line 2, column 1: plugins.nvidia.enabled: expected true or false, found string \"yes\""),
        problems);
  }

  @Test
  void validatesTheSectionOfADisabledPlugin() {
    List<String> problems = problems("[plugins.nvidia]\ndriverr = \"535\"\n", core, nvidia);

    assertEquals(
        List.of("test.toml, line 2, column 1: plugins.nvidia.driverr: unknown key (did you mean 'driver'?)"), problems);
  }

  @Test
  void enablesAPluginThatIsOffByDefault() {
    Setup setup = setup("[plugins.nvidia]\nenabled = true\ndriver = \"535\"\n", core, nvidia);

    assertEquals(Set.of("core", "nvidia"), setup.enabled());
    assertEquals("535", setup.bound().get("nvidia"));
  }

  @Test
  void disablesAPluginThatIsOnByDefault() {
    Setup setup = setup("[plugins.core]\nenabled = false\n", core, nvidia);

    assertEquals(Set.of(), setup.enabled());
  }

  @Test
  void leavesTheEnabledFlagToTheKernel() {
    // A plugin that allows no keys of its own section still accepts plugins.<id>.enabled.
    Setup setup = setup("[plugins.core]\nenabled = true\n", core);

    assertEquals(Set.of("core"), setup.enabled());
  }

  @Test
  void showsEachPluginOnlyItsOwnSections() {
    Setup setup = setup("[cluster]\nname = \"demo\"\n[plugins.nvidia]\ndriver = \"535\"\n", core, nvidia);

    assertEquals("demo", setup.bound().get("core"));
    assertEquals("535", setup.bound().get("nvidia"));
  }

  @Test
  void reportsTheProblemsOfEveryPluginAndSectionTogether() {
    List<String> problems =
        problems(
            "[clsuter]\nname = \"x\"\n[cluster]\nnmae = \"y\"\n[plugins.nvidia]\nenabled = 1\ndriverr = \"535\"\n",
            core,
            nvidia);

    assertEquals(
        List.of(
            "test.toml, line 1, column 1: clsuter: unknown section (did you mean 'cluster'?)",
            "test.toml, line 6, column 1: plugins.nvidia.enabled: expected true or false, found integer 1",
            "test.toml, line 4, column 1: cluster.nmae: unknown key (did you mean 'name'?)",
            "test.toml, line 7, column 1: plugins.nvidia.driverr: unknown key (did you mean 'driver'?)"),
        problems);
  }

  @Test
  void reportsAPluginWhoseBinderThrows() {
    Plugin broken =
        TestPlugin.enabled("broken").binding(config -> {
          throw new IllegalStateException("boom");
        });

    assertEquals(
        List.of(
            "test: plugins.broken: plugin 'broken' failed while binding its configuration: boom"),
        problemsOf(assertThrows(ConfigException.class, () -> setup(broken))));
  }

  @Test
  void reportsABinderThatOverflowsItsStackWithoutAJavaName() {
    Plugin broken =
        TestPlugin.enabled("broken").binding(config -> {
          throw new StackOverflowError();
        });

    assertEquals(
        List.of("test: plugins.broken: plugin 'broken' failed while binding its configuration: ran out of stack (a recursion too deep)"),
        problemsOf(assertThrows(ConfigException.class, () -> setup(broken))));
  }

  private static List<String> problems(String toml, Plugin... plugins) {
    return problemsOf(assertThrows(ConfigException.class, () -> setup(toml, plugins)));
  }

  private static List<String> problemsOf(ConfigException e) {
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }
}
