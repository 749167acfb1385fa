package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the sshd settings of the selected rules to a drop-in that sorts first in {@code
 * sshd_config.d} (sshd keeps the first value it reads), and makes sure {@code sshd_config} includes the
 * drop-in directory before its own settings.
 */
final class WriteSshdDropInStep implements Step {

  static final String INCLUDE = "Include /etc/ssh/sshd_config.d/*.conf";

  @Override
  public String id() {
    return "compliance/sshd";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.ConfigLine.class).stream()
        .filter(r -> ((Control.ConfigLine) r.control()).dialect().equals("sshd"))
        .toList();
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "sshd"));
    }
    StringBuilder text = new StringBuilder(ImageSteps.HEADER);
    for (Rule rule : rules) {
      text.append(ImageSteps.comment(rule));
      for (Map.Entry<String, String> entry : ((Control.ConfigLine) rule.control()).values().entrySet()) {
        text.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
      }
    }
    var host = context.host();
    host.writeString(SshdConfig.DROP_IN, text.toString(), 0600);
    Optional<String> main = host.readString(SshdConfig.MAIN);
    boolean includes = main.map(m -> m.lines().map(String::strip)
        .anyMatch(l -> l.equalsIgnoreCase(INCLUDE) || l.equalsIgnoreCase("Include /etc/ssh/sshd_config.d/*")
            || l.equalsIgnoreCase("Include sshd_config.d/*.conf"))).orElse(false);
    if (!includes) {
      int mode = host.mode(SshdConfig.MAIN).orElse(0600);
      host.writeString(SshdConfig.MAIN, INCLUDE + "\n" + main.orElse(""), mode);
    }
    return Outcome.done();
  }
}
