package dev.eksnode.plugins.compliance;

import dev.eksnode.node.Commands;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.List;

/**
 * Puts the image in FIPS mode with {@code fips-mode-setup --enable}, which sets the crypto policy to
 * FIPS, adds {@code fips=1} to every boot entry and rebuilds the initramfs; it takes effect at the next
 * boot. Runs when a selected rule needs the FIPS kernel argument or the FIPS crypto policy.
 */
final class EnableFipsModeStep implements Step {

  static final List<String> COMMAND = List.of("fips-mode-setup", "--enable");

  @Override
  public String id() {
    return "compliance/fips-mode";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    boolean needed = !ImageSteps.rules(context, Control.KernelArg.class).isEmpty()
        || ImageSteps.rules(context, Control.CryptoPolicy.class).stream()
            .anyMatch(r -> ((Control.CryptoPolicy) r.control()).policy().isPresent());
    if (!needed) {
      return Outcome.skipped(ImageSteps.nothingFor(context, "FIPS"));
    }
    Commands.run(context.host(), COMMAND);
    return Outcome.done();
  }
}
