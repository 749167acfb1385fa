package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.Host;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads what an earlier image run recorded in the versions manifest, {@code /etc/eksnode/versions.json},
 * which {@code core/versions-manifest} renders from the component-versions contributions as {@code
 * {"components": {name: version}}}. A component counts as installed at a version only when the
 * manifest says so.
 */
final class VersionsManifest {

  static final String PATH = "/etc/eksnode/versions.json";

  private VersionsManifest() {}

  /** The version recorded for {@code component}, or empty when there is no manifest or no such entry. */
  static Optional<String> recorded(Host host, String component) {
    Pattern entry = Pattern.compile("\"" + Pattern.quote(component) + "\"\\s*:\\s*\"([^\"]*)\"");
    return host.readString(PATH).flatMap(json -> {
      var matcher = entry.matcher(json);
      return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    });
  }
}
