package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;

/**
 * How strictly configuration is judged.
 *
 * @param strict unknown keys in documents of other formats (nodeadm NodeConfig) are errors, not warnings
 * @param lenient unknown keys in eksnode's own TOML are warnings, not errors
 */
@API(status = INTERNAL, since = "0.1.0")
public record ConfigPolicy(boolean strict, boolean lenient) {

  /** The default: unknown eksnode keys are errors, unknown NodeConfig keys warnings. */
  public static final ConfigPolicy DEFAULT = new ConfigPolicy(false, false);
}
