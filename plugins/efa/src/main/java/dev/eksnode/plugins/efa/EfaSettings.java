package dev.eksnode.plugins.efa;

import dev.eksnode.spi.ConfigSection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [plugins.efa]} section, bound and validated.
 *
 * @param installerVersion the AWS EFA installer version, e.g. {@code 1.43.1}
 * @param hugepages how many 2 MiB huge pages to reserve ({@code vm.nr_hugepages}); 0 reserves none
 */
record EfaSettings(String installerVersion, long hugepages) {

  static final String DEFAULT_INSTALLER_VERSION = "1.43.1";

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

  static EfaSettings bind(ConfigSection section) {
    section.allowOnly(Set.of("enabled", "installerVersion", "hugepages"));
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
