package dev.eksnode.plugins.core.image;

import dev.eksnode.node.text.TomlWriter;
import dev.eksnode.plugins.core.config.ImageSettings;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Image phase: bakes the AMI configuration's {@code [boot]} table into {@value #PATH}, the lowest-
 * precedence configuration every boot reads, and each {@code [profiles.<name>]} preset into {@value
 * #PROFILES}{@code /<name>.toml}; presets no longer configured are removed. The tables were validated as
 * boot configuration before the run started.
 */
public final class WriteBootDefaultsStep implements Step {

  static final String ID = "core/boot-defaults";
  static final String PATH = "/etc/eksnode/eksnode.toml";
  /** Where the workload profiles are baked, one {@code <name>.toml} each; the core plugin declares them as presets. */
  public static final String PROFILES = "/etc/eksnode/profiles";

  static final String HEADER = "# Boot defaults baked by eksnode image build (" + ID + ") from the AMI configuration's [boot].\n"
      + "# User data and files named with --config override them.\n";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    ImageSettings image = context.config(NodeSettings.class).image();
    if (image.kubernetesVersion().isEmpty()) {
      return Outcome.skipped("no [image] section in the configuration");
    }
    Host host = context.host();
    String body = TomlWriter.write(image.boot());
    host.writeString(PATH, HEADER + (body.isEmpty() ? "" : "\n" + body), 0644);
    Set<String> stale = new TreeSet<>(host.list(PROFILES));
    for (Map.Entry<String, Map<String, Object>> profile : image.profiles().entrySet()) {
      String file = profile.getKey() + ".toml";
      stale.remove(file);
      host.writeString(PROFILES + "/" + file, "# Workload profile '" + profile.getKey() + "', baked by eksnode image build ("
          + ID + ").\n\n" + TomlWriter.write(profile.getValue()), 0644);
    }
    stale.stream().filter(name -> name.endsWith(".toml")).forEach(name -> host.delete(PROFILES + "/" + name));
    return Outcome.done();
  }
}
