package dev.eksnode.plugins.compliance;

import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Optional;

/**
 * Removes the permission bits the selected file-mode rules do not allow from files that exist at image
 * build. Bits are only ever removed, so a file that is already stricter stays as it is.
 */
final class TightenFileModesStep implements Step {

  @Override
  public String id() {
    return "compliance/file-modes";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public java.util.Set<String> after() {
    return java.util.Set.of("compliance/sshd");
  }

  @Override
  public Outcome apply(StepContext context) {
    List<Rule> rules = ImageSteps.rules(context, Control.FileMode.class);
    if (rules.isEmpty()) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "file-mode"));
    }
    var host = context.host();
    for (Rule rule : rules) {
      Control.FileMode control = (Control.FileMode) rule.control();
      Optional<Integer> mode = host.mode(control.path());
      if (mode.isPresent() && (mode.get() & ~control.mode()) != 0) {
        byte[] content = host.read(control.path()).orElseThrow(
            () -> new dev.eksnode.spi.HostException(control.path() + " is not a regular file"));
        host.write(control.path(), content, mode.get() & control.mode());
      }
    }
    return Outcome.done();
  }
}
