package dev.eksnode.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.kernel.internal.RequiredKeys;
import dev.eksnode.spi.Binding;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys a phase requires ({@link ConfigKey#requiredIn()}), checked by {@link Kernel#prepare} on the merged
 * configuration of the run, and the {@link Binding} a binder is told.
 */
class RequiredKeysTest {

  @TempDir Path root;

  private static final ConfigKey TOKEN = new ConfigKey("plugins.agent.token", ConfigKey.Type.STRING, Optional.empty(),
      List.of(), "\"tok-123\"", "The agent's token.").required(Phase.BOOT).asSecret();
  private static final ConfigKey ENDPOINT = new ConfigKey("plugins.agent.endpoint", ConfigKey.Type.STRING,
      Optional.empty(), List.of(), "\"https://agent.example.com\"", "Where the agent reports.").required(Phase.BOOT, Phase.IMAGE);
  private static final ConfigKey REGION = new ConfigKey("site.region", ConfigKey.Type.STRING, Optional.empty(), List.of(),
      "\"eu-1\"", "The site's region.").required(Phase.BOOT);

  /** A plugin off by default, requiring a token at boot and an endpoint in both phases. */
  private static TestPlugin agent() {
    return TestPlugin.disabled("agent", TestStep.boot("agent/configure"), TestStep.image("agent/install"))
        .documenting(TOKEN, ENDPOINT)
        .binding(config -> {
          config.section("plugins.agent").allowOnly(Set.of("token", "endpoint"));
          return config;
        });
  }

  /** A plugin on by default owning {@code site}, which a boot needs the region of. */
  private static TestPlugin site() {
    return TestPlugin.enabled("site", TestStep.boot("site/configure")).owning("site", "plugins.site").documenting(REGION);
  }

  private Path write(String path, String text) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private Preparation prepare(Phase phase, TestPlugin... plugins) {
    return Kernel.prepare(RunRequest.of(phase, root)
        .withPlugins(java.util.Arrays.stream(plugins).map(p -> new LoadedPlugin(p, LoadedPlugin.BUILT_IN)).toList()));
  }

  private static List<String> problems(Preparation preparation) {
    return assertInstanceOf(Preparation.Refused.class, preparation).configProblems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void reportsEveryMissingKeyOfTheBootPhaseTogetherWhereThePluginWasEnabled() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\n");

    assertEquals(List.of(
            image + ", line 1, column 1: plugins.agent.token: is required: a boot needs it while plugin 'agent' is enabled,"
                + " and no source sets it (set it, e.g. plugins.agent.token = \"tok-123\")",
            image + ", line 1, column 1: plugins.agent.endpoint: is required: a boot needs it while plugin 'agent' is enabled,"
                + " and no source sets it (set it, e.g. plugins.agent.endpoint = \"https://agent.example.com\")",
            RequiredKeys.NO_SOURCE + ": site.region: is required: a boot needs it, and no source sets it"
                + " (set it, e.g. site.region = \"eu-1\")"),
        problems(prepare(Phase.BOOT, agent(), site())));
  }

  @Test
  void anImageBuildNeedsOnlyTheKeysItsPhaseRequires() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\n");

    assertEquals(List.of(image + ", line 1, column 1: plugins.agent.endpoint: is required: an image build needs it while plugin"
            + " 'agent' is enabled, and no source sets it (set it, e.g. plugins.agent.endpoint = \"https://agent.example.com\")"),
        problems(prepare(Phase.IMAGE, agent())));
    write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\nendpoint = \"https://a.example.com\"\n");
    assertInstanceOf(Preparation.Ready.class, prepare(Phase.IMAGE, agent()));
  }

  @Test
  void aDisabledPluginRequiresNothing() {
    assertInstanceOf(Preparation.Ready.class, prepare(Phase.BOOT, agent()));
  }

  @Test
  void aKeySetByALaterSourceSatisfiesTheMergedConfiguration() throws IOException {
    write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\nendpoint = \"https://a.example.com\"\n");
    write("/etc/eksnode/local.d/10-token.toml", "[plugins.agent]\ntoken = \"tok-1\"\n[site]\nregion = \"eu-1\"\n");

    assertInstanceOf(Preparation.Ready.class, prepare(Phase.BOOT, agent(), site()));
  }

  @Test
  void anOfflineCheckOfTheDefaultSourcesWarnsThatUserDataMustSetTheKey() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\nendpoint = \"https://a.example.com\"\n");
    RunRequest request = RunRequest.of(Phase.BOOT, root).withOffline(true)
        .withPlugins(List.of(new LoadedPlugin(agent(), LoadedPlugin.BUILT_IN)));

    Preparation.Ready ready = assertInstanceOf(Preparation.Ready.class, Kernel.prepare(request));

    assertEquals(List.of(image + ", line 1, column 1: plugins.agent.token: is required: a boot needs it while plugin 'agent'"
            + " is enabled, and none of the files read sets it; user data, which this check does not read, must set it"
            + " (set it, e.g. plugins.agent.token = \"tok-123\")"),
        ready.warnings().stream().map(ConfigProblem::toString).toList());
    Path given = Files.writeString(root.resolve("given.toml"), "[plugins.agent]\nenabled = true\n");
    assertEquals(2, problems(Kernel.prepare(request.withSources(List.of(new ConfigSource.Files(given, false))))).size(),
        "files named explicitly are the whole configuration: a missing key is an error");
  }

  @Test
  void missingKeysAreReportedWithTheBindersProblems() throws IOException {
    Path image = write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\ntokn = \"x\"\n");

    List<String> problems = problems(prepare(Phase.BOOT, agent()));

    assertEquals(3, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith(image + ", line 1, column 1: plugins.agent.token: is required"), problems::toString);
    assertTrue(problems.get(2).startsWith(image + ", line 3, column 1: plugins.agent.tokn: unknown key"), problems::toString);
  }

  @Test
  void theBinderIsToldThePhaseAndWhetherItsPluginIsEnabled() throws IOException {
    List<Binding> seen = new ArrayList<>();
    TestPlugin watching = TestPlugin.disabled("agent").bindingFor((config, binding) -> {
      seen.add(binding);
      return config;
    });
    write("/etc/eksnode/eksnode.toml", "[plugins.agent]\nenabled = true\n");

    prepare(Phase.IMAGE, watching);
    Kernel.bind(Kernel.of(List.of(new LoadedPlugin(watching, LoadedPlugin.BUILT_IN))),
        dev.eksnode.kernel.config.TomlDocuments.parse("t.toml", ""));

    assertEquals(List.of(Binding.forRun(Phase.IMAGE, true), Binding.outsideRun(false)), seen);
    assertTrue(seen.getFirst().isFor(Phase.IMAGE));
  }

  @Test
  void aRequiredOrSecretKeyHasNoDefault() {
    var required = assertThrows(IllegalArgumentException.class, () -> new ConfigKey("a.b", ConfigKey.Type.STRING,
        Optional.of("x"), List.of(), "\"y\"", "A key.").required(Phase.BOOT));
    assertEquals("configuration key a.b is required and has a default; a required key has none", required.getMessage());
    var secret = assertThrows(IllegalArgumentException.class, () -> new ConfigKey("a.b", ConfigKey.Type.STRING,
        Optional.of("x"), List.of(), "\"y\"", "A key.").asSecret());
    assertEquals("configuration key a.b is secret and has a default, which the schema would publish", secret.getMessage());
  }
}
