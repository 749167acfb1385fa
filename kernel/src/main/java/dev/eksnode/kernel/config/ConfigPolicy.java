package dev.eksnode.kernel.config;

/**
 * How strictly configuration is judged.
 *
 * @param strict unknown keys in documents of other formats (nodeadm NodeConfig) are errors, not warnings
 * @param lenient unknown keys in eksnode's own TOML are warnings, not errors
 */
public record ConfigPolicy(boolean strict, boolean lenient) {

  /** The default: unknown eksnode keys are errors, unknown NodeConfig keys warnings. */
  public static final ConfigPolicy DEFAULT = new ConfigPolicy(false, false);
}
