package dev.eksnode.plugins.core;

import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * nodeadm's {@code NodeConfig} ({@code node.eks.aws/v1alpha1}), the user data AL2023 nodes read,
 * translated onto eksnode's keys so launch templates, managed node groups, Karpenter and Terraform
 * modules written for AL2023 work unchanged. Every translated value keeps its location and the key
 * as the document wrote it, so messages say {@code spec.cluster.cidr}, not {@code
 * cluster.serviceCidr}. Unknown keys are reported through the context: warnings by default, as
 * nodeadm ignores them.
 *
 * <pre>
 * spec.cluster.name                 cluster.name
 * spec.cluster.apiServerEndpoint    cluster.apiServerEndpoint
 * spec.cluster.certificateAuthority cluster.certificateAuthority
 * spec.cluster.cidr                 cluster.serviceCidr
 * spec.cluster.enableOutpost        cluster.enableOutpost
 * spec.cluster.id                   cluster.id
 * spec.kubelet.config               kubelet.config
 * spec.kubelet.flags                kubelet.flags
 * spec.containerd.config (TOML)     containerd.config (parsed)
 * spec.containerd.baseRuntimeSpec   containerd.baseRuntimeSpec
 * spec.instance.localStorage.*      instance.localStorage.*
 * spec.instance.environment         instance.environment
 * spec.featureGates.InstanceIdNodeName  features.instanceIdNodeName
 * spec.featureGates.FastImagePull       features.fastImagePull
 * </pre>
 */
final class NodeConfigFormat implements ConfigFormat {

  static final String API_GROUP = "node.eks.aws";
  static final String API_VERSION = API_GROUP + "/v1alpha1";
  static final String KIND = "NodeConfig";
  static final String MEDIA_TYPE = "application/node.eks.aws";

  /** nodeadm key under spec.cluster -> eksnode key under cluster. */
  private static final Map<String, String> CLUSTER = Map.of(
      "name", "name", "apiServerEndpoint", "apiServerEndpoint", "certificateAuthority", "certificateAuthority",
      "cidr", "serviceCidr", "enableOutpost", "enableOutpost", "id", "id");
  private static final Map<String, String> FEATURE_GATES = Map.of(
      "InstanceIdNodeName", "instanceIdNodeName", "FastImagePull", "fastImagePull");
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status");
  private static final Set<String> SPEC = Set.of("cluster", "kubelet", "containerd", "instance", "featureGates");
  private static final Set<String> KUBELET = Set.of("config", "flags");
  private static final Set<String> CONTAINERD = Set.of("config", "baseRuntimeSpec");
  private static final Set<String> INSTANCE = Set.of("localStorage", "environment");
  private static final Set<String> LOCAL_STORAGE = Set.of("strategy", "mountPath", "disabledMounts");

  @Override
  public String name() {
    return "nodeadm NodeConfig";
  }

  @Override
  public Set<String> mediaTypes() {
    return Set.of(MEDIA_TYPE);
  }

  @Override
  public boolean recognizes(Table document) {
    return document.entries().get("apiVersion") instanceof Leaf(String version, ConfigLocation l) && version.startsWith(API_GROUP + "/")
        || document.entries().get("kind") instanceof Leaf(String kind, ConfigLocation l2) && kind.equals(KIND);
  }

  @Override
  public Table translate(Table document, Context context) {
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    header(document, "apiVersion", API_VERSION, context);
    header(document, "kind", KIND, context);
    document.entries().forEach((key, value) -> {
      if (!TOP.contains(key)) {
        context.unknownKey(value, key, TOP);
      }
    });
    ConfigNode spec = document.entries().get("spec");
    if (spec == null) {
      context.report(ConfigProblem.warning(document.location(), "spec", "a NodeConfig without spec configures nothing", ""));
      return new Table(out, document.location());
    }
    if (!(spec instanceof Table specTable)) {
      context.report(new ConfigProblem(spec.location().withKey("spec"), "spec", "expected a table, found " + ConfigNode.typeName(spec), ""));
      return new Table(out, document.location());
    }
    for (Map.Entry<String, ConfigNode> entry : specTable.entries().entrySet()) {
      String key = entry.getKey();
      ConfigNode value = entry.getValue();
      String written = "spec." + ConfigSection.literal(key);
      switch (key) {
        case "cluster" -> out.put("cluster", renamed(value, written, CLUSTER, context));
        case "kubelet" -> out.put("kubelet", copyKnown(value, written, KUBELET, context));
        case "containerd" -> out.put("containerd", containerd(value, written, context));
        case "instance" -> out.put("instance", instance(value, written, context));
        case "featureGates" -> out.put("features", renamed(value, written, FEATURE_GATES, context));
        default -> context.unknownKey(value, written, SPEC);
      }
    }
    return new Table(out, document.location());
  }

  private static void header(Table document, String key, String expected, Context context) {
    ConfigNode node = document.entries().get(key);
    if (node == null) {
      context.report(new ConfigProblem(document.location(), key, "missing " + key + " (expected " + expected + ")", ""));
    } else if (!(node instanceof Leaf(String value, ConfigLocation l)) || !value.equals(expected)) {
      String found = node instanceof Leaf leaf ? "\"" + leaf.value() + "\"" : ConfigNode.typeName(node);
      context.report(new ConfigProblem(node.location().withKey(key), key,
          found + " is not supported: eksnode reads " + expected,
          key.equals("apiVersion") && found.startsWith("\"" + API_GROUP) ? "write apiVersion: " + API_VERSION : ""));
    }
  }

  /** Copies a table whose keys are renamed one by one; unknown keys are reported and dropped. */
  private static ConfigNode renamed(ConfigNode node, String written, Map<String, String> names, Context context) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + ConfigSection.literal(key);
      String target = names.get(key);
      if (target == null) {
        context.unknownKey(value, childWritten, names.keySet());
      } else {
        out.put(target, located(value, childWritten));
      }
    });
    return new Table(out, table.location().withKey(written));
  }

  /** Copies a table keeping the known keys (whose values are copied whole). */
  private static ConfigNode copyKnown(ConfigNode node, String written, Set<String> known, Context context) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + ConfigSection.literal(key);
      if (known.contains(key)) {
        out.put(key, located(value, childWritten));
      } else {
        context.unknownKey(value, childWritten, known);
      }
    });
    return new Table(out, table.location().withKey(written));
  }

  private static ConfigNode containerd(ConfigNode node, String written, Context context) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + key;
      switch (key) {
        case "config" -> {
          if (value instanceof Leaf leaf) {
            out.put("config", context.parseToml(leaf, childWritten));
          } else {
            context.report(new ConfigProblem(value.location().withKey(childWritten), childWritten,
                "expected a string holding containerd TOML, found " + ConfigNode.typeName(value), "write config: | and the TOML below it"));
          }
        }
        case "baseRuntimeSpec" -> out.put(key, located(value, childWritten));
        default -> context.unknownKey(value, childWritten, CONTAINERD);
      }
    });
    return new Table(out, table.location().withKey(written));
  }

  private static ConfigNode instance(ConfigNode node, String written, Context context) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + key;
      switch (key) {
        case "localStorage" -> out.put(key, copyKnown(value, childWritten, LOCAL_STORAGE, context));
        case "environment" -> out.put(key, located(value, childWritten));
        default -> context.unknownKey(value, childWritten, INSTANCE);
      }
    });
    return new Table(out, table.location().withKey(written));
  }

  /** The node and everything under it, each located with the key as the document wrote it. */
  static ConfigNode located(ConfigNode node, String written) {
    return switch (node) {
      case Table table -> {
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        table.entries().forEach((key, value) -> entries.put(key, located(value, written + "." + ConfigSection.literal(key))));
        yield new Table(entries, table.location().withKey(written));
      }
      case Array array -> {
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < array.items().size(); i++) {
          items.add(located(array.items().get(i), written + "[" + i + "]"));
        }
        yield new Array(items, array.location().withKey(written));
      }
      case Leaf leaf -> new Leaf(leaf.value(), leaf.location().withKey(written));
    };
  }
}
