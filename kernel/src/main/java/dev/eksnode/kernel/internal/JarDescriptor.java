package dev.eksnode.kernel.internal;

import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * What a plugin jar's manifest says about its plugin, read without loading any of its classes. The
 * attribute names are PF4J's ({@code Plugin-Id}, {@code Plugin-Version}, {@code Plugin-Requires},
 * {@code Plugin-Description}) plus eksnode's {@code Eksnode-Enabled-By-Default}.
 *
 * @param id the plugin id, empty when the manifest names none
 * @param version the plugin version, {@code "unknown"} when not given
 * @param requires the kernel versions the plugin accepts, {@code "*"} when not given
 * @param description the description, empty when not given
 * @param enabledByDefault whether the plugin runs without {@code plugins.<id>.enabled = true}; empty
 *     when the manifest does not say
 */
record JarDescriptor(
    Optional<String> id, String version, String requires, String description, Optional<Boolean> enabledByDefault) {

  static final String ID = "Plugin-Id";
  static final String VERSION = "Plugin-Version";
  static final String REQUIRES = "Plugin-Requires";
  static final String DESCRIPTION = "Plugin-Description";
  static final String ENABLED_BY_DEFAULT = "Eksnode-Enabled-By-Default";

  static final JarDescriptor NONE = new JarDescriptor(Optional.empty(), "unknown", "*", "", Optional.empty());

  /** The descriptor of a manifest; {@code null} (a jar without one) gives {@link #NONE}. */
  static JarDescriptor of(Manifest manifest) {
    if (manifest == null) {
      return NONE;
    }
    Attributes main = manifest.getMainAttributes();
    String enabled = main.getValue(ENABLED_BY_DEFAULT);
    return new JarDescriptor(
        Optional.ofNullable(main.getValue(ID)).map(String::strip).filter(id -> !id.isEmpty()),
        Optional.ofNullable(main.getValue(VERSION)).orElse("unknown"),
        Optional.ofNullable(main.getValue(REQUIRES)).orElse("*"),
        Optional.ofNullable(main.getValue(DESCRIPTION)).orElse(""),
        enabled == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(enabled.strip())));
  }

  /** Whether the kernel can decide from the manifest alone to leave the jar unloaded. */
  boolean complete() {
    return id.isPresent() && enabledByDefault.isPresent();
  }
}
