package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Set;

/**
 * A set of steps with one id, one version and one configuration section. Built-in plugins are found
 * through {@code provides dev.eksnode.spi.Plugin} in their module; third-party jars through the same
 * declaration in {@code META-INF/services/dev.eksnode.spi.Plugin}, so one jar serves both paths.
 * Implementations need a public no-argument constructor.
 */
@API(status = STABLE, since = "0.1.0")
public interface Plugin {

  /** Lower-case id, {@code [a-z][a-z0-9-]*}; every step id starts with it and a slash. */
  String id();

  /** The plugin's own version, semantic versioning ({@code 1.4.0}). */
  String version();

  /** One sentence for {@code eksnode plugins}. */
  String description();

  /**
   * The kernel versions this plugin works with, as a semantic-version expression ({@code >=0.1.0},
   * {@code >=1.0.0 & <2.0.0}); {@code *} accepts any.
   */
  default String requiresKernel() {
    return "*";
  }

  /**
   * Whether the plugin runs without being enabled in configuration. Only plugins every node needs
   * (the core join) say yes; every other plugin is enabled with {@code plugins.<id>.enabled = true}.
   */
  default boolean enabledByDefault() {
    return false;
  }

  /** The plugin's steps, in either phase. */
  List<Step> steps();

  /**
   * The top-level configuration sections this plugin owns, as dotted paths. The kernel hands them to
   * {@link #bindConfig} and nothing else reads them. Most plugins own {@code plugins.<id>}; a plugin
   * may claim other top-level sections too.
   */
  default java.util.Set<String> configSections() {
    return java.util.Set.of("plugins." + id());
  }

  /**
   * Binds and validates this plugin's sections. {@code config} is the merged configuration in which
   * only the sections of {@link #configSections()} are visible, so a plugin reads its own settings
   * with {@code config.section("plugins.acme")}. Report every problem through {@link
   * ConfigSection#problem} (or the typed getters, which report wrong types themselves) and return the
   * bound value anyway; the kernel refuses the run if any problem was reported. Called even when the
   * plugin is disabled, so a mistake in a disabled section is still found. The returned object is
   * what {@link StepContext#config(Class)} hands the plugin's steps. The key {@code enabled} of
   * {@code plugins.<id>} belongs to the kernel.
   */
  default Object bindConfig(ConfigSection config) {
    return config;
  }

  /** Subcommands this plugin adds to {@code eksnode} (e.g. {@code compliance report}); usually none. */
  default List<PluginCommand> commands() {
    return List.of();
  }

  /** Configuration dialects this plugin teaches eksnode (e.g. another tool's configuration file); usually none. */
  default List<ConfigFormat> configFormats() {
    return List.of();
  }

  /**
   * Places configuration can be read from besides files, by URI scheme (e.g. {@code meta} for a
   * metadata service's user data); usually none. Two plugins may not provide the same scheme.
   */
  default List<ConfigSourceProvider> configSources() {
    return List.of();
  }

  /**
   * Named configuration presets this plugin offers (see {@link ConfigPresets}); usually none, e.g.
   * {@code profile = "<name>"} selecting {@code /etc/acme/profiles/<name>.toml}. Experimental: may
   * change in a minor version.
   */
  default List<ConfigPresets> configPresets() {
    return List.of();
  }

  /**
   * Keys of this plugin's sections whose tables are whole configurations of their own, as dotted paths
   * in which {@code *} stands for every key of a table, e.g. {@code boot} (defaults an image bakes) and
   * {@code profiles.*} (one preset per name). Before any run the kernel checks each such table as a
   * configuration, every installed plugin binding it, and reports its problems under the key ({@code
   * boot.agent.mode}); usually none. Experimental: may change in a minor version.
   */
  default Set<String> embeddedConfigs() {
    return Set.of();
  }

  /**
   * The keys of this plugin's sections with their types, defaults and examples: the published schema
   * and documentation. Keys with a default are merged below every configuration source. Empty means
   * undocumented: the schema then accepts anything in the plugin's section.
   */
  default List<ConfigKey> configKeys() {
    return List.of();
  }

  /**
   * Dotted configuration keys whose lists concatenate when documents merge instead of being replaced,
   * e.g. {@code plugins.acme.tags}.
   */
  default java.util.Set<String> appendKeys() {
    return java.util.Set.of();
  }

  /**
   * Paths under the root this plugin may write, as glob patterns ({@code /etc/acme/**}). The
   * conformance kit fails a plugin that writes elsewhere. Shared documents are written by their
   * rendering step, so contributing to one needs no entry here.
   */
  default List<String> ownedPaths() {
    return List.of();
  }
}
