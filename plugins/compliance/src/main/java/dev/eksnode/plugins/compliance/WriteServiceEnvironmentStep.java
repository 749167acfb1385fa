package dev.eksnode.plugins.compliance;

import dev.eksnode.node.text.SystemdText;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the environment of the selected rules (e.g. {@code AWS_USE_FIPS_ENDPOINT=true}) as systemd
 * drop-ins at image build: {@code DefaultEnvironment=} in {@code /etc/systemd/system.conf.d} for every
 * service, {@code Environment=} in a unit drop-in for one service. The image's first boot then runs
 * every service with it, {@code eksnode bootstrap} included, which is what makes core choose the
 * {@code ecr-fips} pause image and FIPS API endpoints on that boot.
 */
final class WriteServiceEnvironmentStep implements Step {

  static final String DEFAULT_PATH = "/etc/systemd/system.conf.d/60-eksnode-compliance.conf";
  static final String UNIT_DROP_IN = "60-eksnode-compliance.conf";

  @Override
  public String id() {
    return "compliance/default-environment";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.ServiceEnvironment.class);
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "service-environment"));
    }
    Map<String, StringBuilder> files = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Control.ServiceEnvironment control = (Control.ServiceEnvironment) rule.control();
      boolean everyService = control.service().equals("default");
      String path = everyService
          ? DEFAULT_PATH
          : "/etc/systemd/system/" + control.service() + ".service.d/" + UNIT_DROP_IN;
      files.computeIfAbsent(path, p -> new StringBuilder(ImageSteps.HEADER).append(everyService ? "[Manager]\n" : "[Service]\n"))
          .append(ImageSteps.comment(rule))
          .append(everyService
              ? "DefaultEnvironment=" + SystemdText.defaultEnvironment(control.name(), control.value())
              : "Environment=" + SystemdText.environment(control.name(), control.value()))
          .append('\n');
    }
    files.forEach((path, text) -> context.host().writeString(path, text.toString(), 0644));
    return Outcome.done();
  }
}
