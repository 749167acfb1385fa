package dev.eksnode.plugins.outposts;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.Documents;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the local cluster's API server name and contributes an {@code /etc/hosts} line per
 * address, so the node keeps reaching its control plane when the Outpost loses its link to the
 * region. The lookup ({@code getent ahosts}) is retried a bounded number of times. The core renderer
 * ({@code core/etc-hosts}) replaces its marked block on every run, so a re-run never duplicates a line.
 */
final class ResolveApiServerStep implements Step {

  @Override
  public String id() {
    return "outposts/api-server-hosts";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  /**
   * Read if present, not required: the plugin is on by default, and must not make a phase unorderable
   * where no step publishes them. Without the facts it skips.
   */
  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.INSTANCE, NodeFacts.CLUSTER);
  }

  @Override
  public Set<DocumentKey<?>> contributesTo() {
    return Set.of(Documents.HOSTS_ENTRIES);
  }

  @Override
  public Outcome apply(StepContext context) throws InterruptedException {
    OutpostsConfig config = context.config(OutpostsConfig.class);
    if (config.decide(context) instanceof OutpostsConfig.Skip skip) {
      return Outcome.skipped(skip.reason());
    }
    ClusterInfo cluster = context.requireFact(NodeFacts.CLUSTER);
    String host = cluster.apiServerEndpoint().getHost();
    if (host == null || host.startsWith("[") || host.matches("[0-9.]+")) {
      return Outcome.skipped("the API server endpoint " + cluster.apiServerEndpoint() + " is an address, not a name");
    }
    Map<String, List<String>> entries = new LinkedHashMap<>();
    for (String address : resolve(context, host, config)) {
      entries.put(address, List.of(host));
    }
    context.contribute(Documents.HOSTS_ENTRIES, Collections.unmodifiableMap(entries));
    return Outcome.done();
  }

  private static List<String> resolve(StepContext context, String host, OutpostsConfig config) throws InterruptedException {
    String last = "";
    for (int attempt = 1; attempt <= config.resolveAttempts(); attempt++) {
      CommandResult result = context.host().probe(List.of("getent", "ahosts", host));
      if (result.exitCode() == 127) {
        throw new EksnodeException("cannot resolve " + host + ": getent is not installed");
      }
      Set<String> addresses = new LinkedHashSet<>();
      if (result.succeeded()) {
        for (String line : result.stdout().split("\n")) {
          String address = line.trim().split("\\s+")[0];
          if (address.matches("[0-9A-Fa-f:.]+") && (address.contains(".") || address.contains(":"))) {
            addresses.add(address);
          }
        }
        if (!addresses.isEmpty()) {
          return List.copyOf(addresses);
        }
      }
      last = result.exitCode() == 2 ? "name not found" : "getent exit code " + result.exitCode();
      if (attempt < config.resolveAttempts() && config.resolveIntervalSeconds() > 0) {
        Thread.sleep(config.resolveIntervalSeconds() * 1000L);
      }
    }
    throw new EksnodeException(
        "cannot resolve the API server " + host + " after " + config.resolveAttempts() + " attempts (" + last
            + "); the local cluster's control plane must be reachable to pin it in /etc/hosts");
  }
}
