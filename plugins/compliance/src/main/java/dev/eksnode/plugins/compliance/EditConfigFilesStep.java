package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets the lines of the selected rules in flat configuration files that have no drop-in directory
 * ({@code /etc/login.defs}, {@code /etc/audit/auditd.conf}), editing them in place and keeping their
 * mode and every other line.
 */
final class EditConfigFilesStep implements Step {

  @Override
  public String id() {
    return "compliance/config-files";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.ConfigLine.class).stream()
        .filter(r -> !((Control.ConfigLine) r.control()).dialect().equals("sshd"))
        .toList();
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "login.defs or auditd.conf"));
    }
    Map<String, Map<String, String>> byFile = new LinkedHashMap<>();
    Map<String, String> dialects = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Control.ConfigLine line = (Control.ConfigLine) rule.control();
      byFile.computeIfAbsent(line.file(), f -> new LinkedHashMap<>()).putAll(line.values());
      dialects.put(line.file(), line.dialect());
    }
    var host = context.host();
    for (Map.Entry<String, Map<String, String>> entry : byFile.entrySet()) {
      String file = entry.getKey();
      String text = host.readString(file).orElse("");
      int mode = host.mode(file).orElse(file.startsWith("/etc/audit/") ? 0640 : 0644);
      host.writeString(file, new KeyValueFile(dialects.get(file)).edit(text, entry.getValue()), mode);
    }
    return Outcome.done();
  }
}
