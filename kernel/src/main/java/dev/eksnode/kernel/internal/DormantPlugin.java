package dev.eksnode.kernel.internal;

import dev.eksnode.kernel.PluginPins;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.nio.file.Path;
import java.util.List;

/**
 * A third-party plugin known only from its jar's manifest: none of its classes is loaded. It stands in
 * for the real plugin while the kernel decides whether the plugin is enabled, and stays in the run
 * (listed in the report, named in "plugin is disabled" messages) when it is not. It has no steps.
 */
public final class DormantPlugin implements Plugin {

  private final JarDescriptor descriptor;
  private final Path jar;
  private final PluginPins pins;

  DormantPlugin(JarDescriptor descriptor, Path jar, PluginPins pins) {
    if (!descriptor.complete()) {
      throw new IllegalArgumentException(jar + ": the manifest does not name the plugin id and its default");
    }
    this.descriptor = descriptor;
    this.jar = jar;
    this.pins = pins;
  }

  /** The pins the jar was checked against at discovery; checked again before it is loaded. */
  PluginPins pins() {
    return pins;
  }

  Path jar() {
    return jar;
  }

  JarDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public String id() {
    return descriptor.id().orElseThrow();
  }

  @Override
  public String version() {
    return descriptor.version();
  }

  @Override
  public String description() {
    return descriptor.description();
  }

  @Override
  public String requiresKernel() {
    return descriptor.requires();
  }

  @Override
  public boolean enabledByDefault() {
    return descriptor.enabledByDefault().orElseThrow();
  }

  @Override
  public List<Step> steps() {
    return List.of();
  }
}
