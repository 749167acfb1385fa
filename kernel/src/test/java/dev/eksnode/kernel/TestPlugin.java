package dev.eksnode.kernel;

import dev.eksnode.spi.ConfigPresets;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A plugin declared in a test: an id, its steps, and optionally its sections and binder. */
final class TestPlugin implements Plugin {

  private final String id;
  private final boolean enabledByDefault;
  private final List<Step> steps;
  private String version = "1.0.0";
  private String requiresKernel = "*";
  private Set<String> sections;
  private Function<ConfigSection, Object> binder = section -> section;
  private List<ConfigPresets> presets = List.of();
  private Set<String> embedded = Set.of();

  private TestPlugin(String id, boolean enabledByDefault, List<Step> steps) {
    this.id = id;
    this.enabledByDefault = enabledByDefault;
    this.steps = steps;
    this.sections = Set.of("plugins." + id);
  }

  /** A plugin that runs without being enabled in configuration. */
  static TestPlugin enabled(String id, Step... steps) {
    return new TestPlugin(id, true, List.of(steps));
  }

  /** A plugin that runs only with {@code plugins.<id>.enabled = true}. */
  static TestPlugin disabled(String id, Step... steps) {
    return new TestPlugin(id, false, List.of(steps));
  }

  TestPlugin version(String version) {
    this.version = version;
    return this;
  }

  TestPlugin requiringKernel(String expression) {
    this.requiresKernel = expression;
    return this;
  }

  TestPlugin owning(String... sections) {
    this.sections = Set.of(sections);
    return this;
  }

  TestPlugin binding(Function<ConfigSection, Object> binder) {
    this.binder = binder;
    return this;
  }

  TestPlugin offeringPresets(String selector, String directory) {
    this.presets = List.of(new ConfigPresets(selector, directory));
    return this;
  }

  TestPlugin embedding(String... keys) {
    this.embedded = Set.of(keys);
    return this;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String description() {
    return "Test plugin " + id + ".";
  }

  @Override
  public String requiresKernel() {
    return requiresKernel;
  }

  @Override
  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  @Override
  public List<Step> steps() {
    return steps;
  }

  @Override
  public Set<String> configSections() {
    return sections;
  }

  @Override
  public Object bindConfig(ConfigSection config) {
    return binder.apply(config);
  }

  @Override
  public List<ConfigPresets> configPresets() {
    return presets;
  }

  @Override
  public Set<String> embeddedConfigs() {
    return embedded;
  }
}
