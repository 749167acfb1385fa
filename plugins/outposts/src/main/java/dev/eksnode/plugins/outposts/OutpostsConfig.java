package dev.eksnode.plugins.outposts;

import dev.eksnode.node.ClusterInfo;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.StepContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code [plugins.outposts]} section, bound and validated.
 *
 * @param clusterId the local cluster's id; when absent, the core cluster section's id is used
 * @param resolveAttempts how many times the API server's name is looked up before the step fails
 * @param resolveIntervalSeconds the pause between attempts
 * @param kubeletConfigPath where the kubelet's configuration goes on this node, when not the standard place
 */
record OutpostsConfig(
    Optional<String> clusterId, int resolveAttempts, int resolveIntervalSeconds, Optional<String> kubeletConfigPath) {

  /** Every key of {@code [plugins.outposts]}: the binder's known keys, the schema and docs/configuration.md. */
  static final List<ConfigKey> CONFIG_KEYS = List.of(
      new ConfigKey("plugins.outposts.clusterId", Type.STRING, Optional.empty(), List.of(), "\"0123abcd-1234-5678-9abc-0123456789ab\"",
          "The local cluster's id (aws eks describe-cluster --query cluster.id); the core cluster.id when not set."),
      new ConfigKey("plugins.outposts.resolveAttempts", Type.INTEGER, Optional.of(10L), List.of(), "20",
          "How many times the API server's name is looked up before the step fails, 1..100."),
      new ConfigKey("plugins.outposts.resolveIntervalSeconds", Type.INTEGER, Optional.of(3L), List.of(), "5",
          "Seconds between lookups of the API server's name, 0..60."),
      new ConfigKey("plugins.outposts.kubeletConfigPath", Type.STRING, Optional.empty(), List.of(), "\"/etc/kubernetes/kubelet/outpost.json\"",
          "Where the kubelet's configuration goes on an Outpost node (its drop-ins in this path plus .d); the core default when not set."));

  static final Set<String> KEYS = CONFIG_KEYS.stream()
      .map(k -> k.path().substring("plugins.outposts.".length()))
      .collect(Collectors.toUnmodifiableSet());

  static OutpostsConfig bind(ConfigSection section) {
    section.allowOnly(KEYS);
    Optional<String> id = section.string("clusterId");
    id.ifPresent(value -> {
      if (!value.matches("[A-Za-z0-9-]{1,100}")) {
        section.problem("clusterId", "\"" + value + "\" is not a cluster id", "copy the id from aws eks describe-cluster");
      }
    });
    Optional<String> configPath = section.string("kubeletConfigPath");
    configPath.ifPresent(path -> {
      if (!path.startsWith("/") || path.endsWith("/") || path.contains("/../") || path.contains("//")) {
        section.problem("kubeletConfigPath", "\"" + path + "\" is not a normalized absolute file path");
      }
    });
    return new OutpostsConfig(
        id,
        (int) bounded(section, "resolveAttempts", 10, 1, 100),
        (int) bounded(section, "resolveIntervalSeconds", 3, 0, 60),
        configPath.filter(path -> path.startsWith("/")));
  }

  private static long bounded(ConfigSection section, String key, long fallback, long min, long max) {
    long value = section.integer(key).orElse(fallback);
    if (value < min || value > max) {
      section.problem(key, value + " is outside " + min + ".." + max);
      return fallback;
    }
    return value;
  }

  /**
   * The local cluster's id when this node joins one: on an Outpost (metadata reports an Outpost ARN)
   * or configured for a local cluster, and with an id known. Otherwise the reason the steps skip.
   */
  sealed interface Decision {}

  record Join(String clusterId) implements Decision {}

  record Skip(String reason) implements Decision {}

  Decision decide(StepContext context) {
    Optional<InstanceInfo> instanceFact = context.fact(NodeFacts.INSTANCE);
    Optional<ClusterInfo> clusterFact = context.fact(NodeFacts.CLUSTER);
    if (instanceFact.isEmpty() || clusterFact.isEmpty()) {
      return new Skip("the core plugin published no instance and cluster facts (core/instance-data, core/cluster)");
    }
    InstanceInfo instance = instanceFact.get();
    Optional<String> id = clusterId.or(clusterFact.get()::outpostClusterId);
    if (id.isPresent()) {
      return new Join(id.get());
    }
    return instance.outpostArn().isPresent()
        ? new Skip("on Outpost " + instance.outpostArn().get() + " but no local cluster id is configured "
            + "(cluster.id or plugins.outposts.clusterId): joining as a node of a regional cluster")
        : new Skip("not on an Outpost and no local cluster configured");
  }
}
