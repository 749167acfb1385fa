package dev.eksnode.plugins.efa;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigSection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code [plugins.efa]} section, bound and validated.
 *
 * @param installerVersion the AWS EFA installer version, e.g. {@code 1.43.1}
 * @param hugepages how many 2 MiB huge pages to reserve ({@code vm.nr_hugepages}); 0 reserves none
 */
record EfaSettings(String installerVersion, long hugepages) {

  static final String DEFAULT_INSTALLER_VERSION = "1.43.1";

  /**
   * Every key of {@code [plugins.efa]} with its type, default and example: what {@code eksnode config
   * schema}, {@code plan --explain} and docs/configuration.md show, and what {@link #bind} allows.
   */
  static final List<ConfigKey> KEYS = List.of(
      new ConfigKey("plugins.efa.installerVersion", Type.STRING, Optional.of(DEFAULT_INSTALLER_VERSION), List.of(), "\"1.40.0\"",
          "AWS EFA installer version, X.Y.Z, downloaded from efa-installer.amazonaws.com and run at image build."),
      new ConfigKey("plugins.efa.hugepages", Type.INTEGER, Optional.of(0L), List.of(), "5128",
          "2 MiB huge pages reserved at boot through vm.nr_hugepages (image build writes the sysctl file); 0 reserves none."));

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  static EfaSettings bind(ConfigSection section) {
    section.allowOnly(ConfigKey.namesUnder("plugins.efa", KEYS));
    String version = section.string("installerVersion").filter(text -> {
      if (VERSION.matcher(text).matches()) {
        return true;
      }
      section.problem("installerVersion", "\"" + text + "\" is not a version", "e.g. \"" + DEFAULT_INSTALLER_VERSION + "\"");
      return false;
    }).orElse(DEFAULT_INSTALLER_VERSION);
    long hugepages = section.integer("hugepages").orElse(0L);
    if (hugepages < 0) {
      section.problem("hugepages", hugepages + " is negative", "0 reserves no huge pages");
      hugepages = 0;
    }
    return new EfaSettings(version, hugepages);
  }
}
