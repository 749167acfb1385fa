package dev.eksnode.plugins.outposts;

import dev.eksnode.spi.ClusterInfo;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.InstanceInfo;
import dev.eksnode.spi.NodeFacts;
import dev.eksnode.spi.StepContext;
import java.util.Optional;
import java.util.Set;

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

  static final Set<String> KEYS = Set.of("clusterId", "resolveAttempts", "resolveIntervalSeconds", "kubeletConfigPath");

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
