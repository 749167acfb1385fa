package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adds the mount options of the selected rules for the next boot: to the mount's {@code /etc/fstab}
 * line when it has one, else in a drop-in of its systemd mount unit ({@code tmp.mount} on AL2023), else
 * as a new fstab line. Nothing is remounted at image build.
 */
final class MountOptionsStep implements Step {

  @Override
  public String id() {
    return "compliance/mounts";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.MountOption.class);
    Map<String, Set<String>> options = new LinkedHashMap<>();
    Map<String, Control.MountOption> first = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Control.MountOption control = (Control.MountOption) rule.control();
      first.putIfAbsent(control.mount(), control);
      Set<String> wanted = options.computeIfAbsent(control.mount(), m -> new LinkedHashSet<>());
      if (!control.option().isEmpty()) {
        wanted.add(control.option());
      }
    }
    options.values().removeIf(Set::isEmpty);
    if (options.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "mount-option"));
    }
    var host = context.host();
    for (Map.Entry<String, Set<String>> entry : options.entrySet()) {
      Control.MountOption control = first.get(entry.getKey());
      Optional<MountConfig.Source> source = MountConfig.find(host, control.mount(), control.unit());
      if (source.isPresent() && source.get().options().containsAll(entry.getValue())) {
        continue;
      }
      List<String> merged = MountConfig.withOptions(
          source.map(MountConfig.Source::options).orElse(List.of("defaults")), entry.getValue());
      if (source.isPresent() && !source.get().fromFstab()) {
        String dropIn = "/etc/systemd/system/" + control.unit().orElseThrow() + ".d/" + MountConfig.DROP_IN_NAME;
        host.writeString(dropIn, ImageSteps.HEADER + "[Mount]\nOptions=" + String.join(",", merged) + "\n", 0644);
      } else {
        String fstab = host.readString(MountConfig.FSTAB).orElse("");
        int mode = host.mode(MountConfig.FSTAB).orElse(0644);
        List<String> lines = new ArrayList<>(fstab.lines().toList());
        if (source.isPresent()) {
          String[] fields = lines.get(source.get().fstabLine()).strip().split("\\s+");
          fields[3] = String.join(",", merged);
          lines.set(source.get().fstabLine(), String.join(" ", fields));
        } else {
          lines.add(control.source() + " " + control.mount() + " " + control.fstype() + " " + String.join(",", merged) + " 0 0");
        }
        host.writeString(MountConfig.FSTAB, String.join("\n", lines) + "\n", mode);
      }
    }
    return Outcome.done();
  }
}
