package dev.eksnode.plugins.core.config;

import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * spec.instance.localStorage.*      plugins.instance-store.* (a strategy also sets enabled = true)
 * spec.instance.environment         instance.environment, but for the proxy variables of default:
 *   .default.HTTP_PROXY, HTTPS_PROXY  plugins.proxy.httpProxy, httpsProxy (either spelling; sets enabled = true)
 *   .default.NO_PROXY                 plugins.proxy.noProxy (split at commas)
 * spec.featureGates.InstanceIdNodeName  features.instanceIdNodeName
 * spec.featureGates.FastImagePull       plugins.soci.enabled
 * </pre>
 *
 * <p>The settings other plugins do the work for go to those plugins' sections, so each setting has
 * one owner and {@code plan --explain} shows the NodeConfig key it came from. A synthesized {@code
 * enabled} is located at the key that implies it.
 */
public final class NodeConfigFormat implements ConfigFormat {

  static final String API_GROUP = "node.eks.aws";
  static final String API_VERSION = API_GROUP + "/v1alpha1";
  static final String KIND = "NodeConfig";
  static final String MEDIA_TYPE = "application/node.eks.aws";

  /** nodeadm key under spec.cluster -> eksnode key under cluster. */
  private static final Map<String, String> CLUSTER = Map.of(
      "name", "name", "apiServerEndpoint", "apiServerEndpoint", "certificateAuthority", "certificateAuthority",
      "cidr", "serviceCidr", "enableOutpost", "enableOutpost", "id", "id");
  private static final Set<String> FEATURE_GATES = Set.of("InstanceIdNodeName", "FastImagePull");
  /** nodeadm's proxy variables in {@code environment.default} (upper case; lower case is the same) -> the proxy plugin's keys. */
  private static final Map<String, String> PROXY_VARIABLES = Map.of(
      "HTTP_PROXY", "httpProxy", "HTTPS_PROXY", "httpsProxy", "NO_PROXY", "noProxy");
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
    Map<String, Table> plugins = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : specTable.entries().entrySet()) {
      String key = entry.getKey();
      ConfigNode value = entry.getValue();
      String written = "spec." + ConfigSection.literal(key);
      switch (key) {
        case "cluster" -> out.put("cluster", renamed(value, written, CLUSTER, context));
        case "kubelet" -> out.put("kubelet", copyKnown(value, written, KUBELET, context));
        case "containerd" -> out.put("containerd", containerd(value, written, context));
        case "instance" -> out.put("instance", instance(value, written, context, plugins));
        case "featureGates" -> out.put("features", featureGates(value, written, context, plugins));
        default -> context.unknownKey(value, written, SPEC);
      }
    }
    if (!plugins.isEmpty()) {
      out.put("plugins", new Table(new LinkedHashMap<>(plugins), specTable.location().withKey("spec")));
    }
    return new Table(out, document.location());
  }

  /** InstanceIdNodeName is the core plugin's; FastImagePull is the soci plugin's enable switch. */
  private static ConfigNode featureGates(ConfigNode node, String written, Context context, Map<String, Table> plugins) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + ConfigSection.literal(key);
      switch (key) {
        case "InstanceIdNodeName" -> out.put("instanceIdNodeName", located(value, childWritten));
        case "FastImagePull" -> {
          ConfigNode enabled = located(value, childWritten);
          plugins.put("soci", new Table(Map.of("enabled", enabled), enabled.location()));
        }
        default -> context.unknownKey(value, childWritten, FEATURE_GATES);
      }
    });
    return new Table(out, table.location().withKey(written));
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

  private static ConfigNode instance(ConfigNode node, String written, Context context, Map<String, Table> plugins) {
    if (!(node instanceof Table table)) {
      return located(node, written);
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    table.entries().forEach((key, value) -> {
      String childWritten = written + "." + key;
      switch (key) {
        case "localStorage" -> localStorage(value, childWritten, context, plugins);
        case "environment" -> out.put(key, environment(value, childWritten, context, plugins));
        default -> context.unknownKey(value, childWritten, INSTANCE);
      }
    });
    return new Table(out, table.location().withKey(written));
  }

  /** localStorage is the instance-store plugin's section; nodeadm sets up the disks when a strategy is given. */
  private static void localStorage(ConfigNode node, String written, Context context, Map<String, Table> plugins) {
    ConfigNode copied = copyKnown(node, written, LOCAL_STORAGE, context);
    if (!(copied instanceof Table storage)) {
      context.report(new ConfigProblem(node.location().withKey(written), written,
          "expected a table, found " + ConfigNode.typeName(node), ""));
      return;
    }
    Map<String, ConfigNode> entries = new LinkedHashMap<>(storage.entries());
    ConfigNode strategy = entries.get("strategy");
    if (strategy != null) {
      entries.put("enabled", new Leaf(Boolean.TRUE, strategy.location()));
    }
    plugins.put("instance-store", new Table(entries, storage.location()));
  }

  /**
   * The environment, without the proxy variables of {@code default}: those go to the proxy plugin,
   * which keeps them in a root-only file and completes NO_PROXY.
   */
  private static ConfigNode environment(ConfigNode node, String written, Context context, Map<String, Table> plugins) {
    ConfigNode copied = located(node, written);
    if (!(copied instanceof Table services) || !(services.entries().get("default") instanceof Table defaults)) {
      return copied;
    }
    Map<String, ConfigNode> kept = new LinkedHashMap<>();
    Map<String, ConfigNode> proxy = new LinkedHashMap<>();
    Map<String, ConfigNode> firstSpelling = new LinkedHashMap<>();
    defaults.entries().forEach((name, value) -> {
      String variable = name.toUpperCase(Locale.ROOT);
      String target = PROXY_VARIABLES.get(variable);
      if (target == null || !(name.equals(variable) || name.equals(name.toLowerCase(Locale.ROOT)))) {
        kept.put(name, value);
        return;
      }
      ConfigNode other = firstSpelling.putIfAbsent(variable, value);
      if (other != null) {
        if (!other.plain().equals(value.plain())) {
          context.report(new ConfigProblem(value.location(), value.location().key(),
              "disagrees with " + other.location().key() + "; both set the proxy plugin's " + target,
              "give the variable once"));
        }
        return;
      }
      proxy.put(target, target.equals("noProxy") ? noProxyList(value) : value);
    });
    if (proxy.isEmpty()) {
      return copied;
    }
    ConfigNode first = firstSpelling.values().iterator().next();
    proxy.put("enabled", new Leaf(Boolean.TRUE, first.location()));
    plugins.put("proxy", new Table(proxy, defaults.location()));
    Map<String, ConfigNode> entries = new LinkedHashMap<>(services.entries());
    if (kept.isEmpty()) {
      entries.remove("default");
    } else {
      entries.put("default", new Table(kept, defaults.location()));
    }
    return new Table(entries, services.location());
  }

  /** NO_PROXY's comma-separated string as the proxy plugin's list, each entry located at the variable. */
  private static ConfigNode noProxyList(ConfigNode value) {
    if (!(value instanceof Leaf(String text, ConfigLocation location))) {
      return value;
    }
    List<ConfigNode> items = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (!entry.isBlank()) {
        items.add(new Leaf(entry.strip(), location));
      }
    }
    return new Array(items, location);
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
