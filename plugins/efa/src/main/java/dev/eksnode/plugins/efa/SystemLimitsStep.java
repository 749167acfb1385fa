package dev.eksnode.plugins.efa;

import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Set;

/**
 * Lifts the locked-memory limit for logins and reserves huge pages when configured. Containers get
 * their limit from the base runtime spec at boot ({@code efa/container-limits}).
 */
final class SystemLimitsStep implements Step {

  static final String LIMITS = "/etc/security/limits.d/90-eksnode-efa.conf";
  static final String HUGEPAGES = "/etc/sysctl.d/90-eksnode-efa-hugepages.conf";

  @Override
  public String id() {
    return "efa/system-limits";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<String> after() {
    return Set.of("efa/install");
  }

  @Override
  public Outcome apply(StepContext context) {
    Host host = context.host();
    host.writeString(LIMITS, "# Written by eksnode (efa/system-limits): EFA registers memory with the device.\n"
        + "* soft memlock unlimited\n* hard memlock unlimited\n", 0644);
    long hugepages = context.config(EfaSettings.class).hugepages();
    if (hugepages > 0) {
      host.writeString(HUGEPAGES, "# Written by eksnode (efa/system-limits) from plugins.efa.hugepages.\n"
          + "vm.nr_hugepages = " + hugepages + "\n", 0644);
    } else {
      host.delete(HUGEPAGES);
    }
    return Outcome.done();
  }
}
