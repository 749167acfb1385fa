package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Named configuration presets a plugin offers, such as the core plugin's workload profiles: whole
 * configuration documents kept under the root as {@code <directory>/<name>.toml}, of which a run reads
 * the one the configuration names with {@code <selector> = "<name>"}.
 *
 * <p>The kernel reads the selected preset right after the image configuration, so it overrides the
 * image's defaults and everything read later (user data, node-local drop-ins, {@code --config} files)
 * overrides it. Presets apply only to runs that read the image configuration. A name that is not of the
 * form {@code [a-z][a-z0-9-]*}, or that has no file, selects nothing: the plugin owning the selector may
 * know other names. Writing the files (typically an image step) is the plugin's business.
 *
 * @param selector the top-level configuration key whose string value names the preset, e.g. {@code
 *     profile}; the plugin declaring the presets owns it
 * @param directory the absolute node path of the presets, e.g. {@code /etc/eksnode/profiles}
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ConfigPresets(String selector, String directory) {

  /** What a preset name must look like to be looked up. */
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

  public ConfigPresets {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(directory, "directory");
    if (selector.isEmpty() || selector.contains(".")) {
      throw new IllegalArgumentException("a preset selector is one top-level key, not '" + selector + "'");
    }
    if (!directory.startsWith("/")) {
      throw new IllegalArgumentException("a preset directory is an absolute node path, not '" + directory + "'");
    }
  }
}
