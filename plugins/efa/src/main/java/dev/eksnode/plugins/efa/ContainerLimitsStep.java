package dev.eksnode.plugins.efa;

import dev.eksnode.node.Documents;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gives containers an unlimited {@code RLIMIT_MEMLOCK} through the base runtime spec, which EFA needs to register memory. */
final class ContainerLimitsStep implements Step {

  /** "Unlimited" in an OCI rlimit: the largest unsigned 64-bit value. */
  static final BigInteger UNLIMITED = new BigInteger("18446744073709551615");

  @Override
  public String id() {
    return "efa/container-limits";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(EfaPlugin.DEVICE_COUNT);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.BASE_RUNTIME_SPEC);
  }

  @Override
  public Outcome apply(StepContext context) {
    if (context.requireFact(EfaPlugin.DEVICE_COUNT) == 0) {
      return Outcome.skipped("no EFA device");
    }
    context.contribute(Documents.BASE_RUNTIME_SPEC, spec());
    return Outcome.done();
  }

  /**
   * {@code process.rlimits} with the one entry this step adds. The renderer merges rlimits by
   * {@code type}, so the default {@code RLIMIT_NOFILE} stays.
   */
  static Map<String, Object> spec() {
    Map<String, Object> memlock = new LinkedHashMap<>();
    memlock.put("type", "RLIMIT_MEMLOCK");
    memlock.put("hard", UNLIMITED);
    memlock.put("soft", UNLIMITED);
    return Map.of("process", Map.of("rlimits", List.of(memlock)));
  }
}
