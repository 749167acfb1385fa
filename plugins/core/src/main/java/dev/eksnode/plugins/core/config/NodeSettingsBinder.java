package dev.eksnode.plugins.core.config;

import dev.eksnode.plugins.core.config.NodeSettings.Cluster;
import dev.eksnode.plugins.core.config.NodeSettings.ConfigMode;
import dev.eksnode.plugins.core.config.NodeSettings.Containerd;
import dev.eksnode.plugins.core.config.NodeSettings.Features;
import dev.eksnode.plugins.core.config.NodeSettings.Instance;
import dev.eksnode.plugins.core.config.NodeSettings.Kubelet;
import dev.eksnode.plugins.core.config.NodeSettings.MaxPods;
import dev.eksnode.plugins.core.config.NodeSettings.Network;
import dev.eksnode.plugins.core.config.NodeSettings.Taint;
import dev.eksnode.spi.ConfigSection;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds and validates the node sections; every problem is reported through the section, with its
 * location. Which keys exist comes from {@link CoreConfigKeys}, so the schema and the checks agree.
 */
public final class NodeSettingsBinder {

  public static final Set<String> SECTIONS = Set.of("cluster", "kubelet", "containerd", "instance", "features", "profile", "plugins.core");

  private static final Pattern TAINT = Pattern.compile("([^=:]*)(?:=([^:]*))?:([^:]*)");
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Pattern DURATION = Pattern.compile("-?(0|((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+)");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PROXY_VARIABLE = Pattern.compile("(?i)https?_proxy");
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:-]*");
  private static final String KUBELET_API_VERSION = "kubelet.config.k8s.io/v1beta1";

  private NodeSettingsBinder() {}

  public static NodeSettings bind(ConfigSection root) {
    root.section("plugins.core").allowOnly(Set.of("enabled"));
    Optional<String> profile = root.string("profile");
    Cluster cluster = cluster(root.section("cluster"));
    Optional<Boolean> ipv6 = cluster.ipFamily().map(f -> f.equals("ipv6")).or(() -> cluster.serviceCidr().map(Cidr::ipv6));
    return new NodeSettings(
        cluster,
        kubelet(root.section("kubelet"), ipv6),
        containerd(root.section("containerd")),
        instance(root.section("instance"), ipv6),
        features(root.section("features")),
        profile,
        ImageSettingsBinder.bind(root));
  }

  private static Cluster cluster(ConfigSection cluster) {
    cluster.allowOnly(CoreConfigKeys.childrenOf("cluster"));
    Optional<URI> endpoint = cluster.string("apiServerEndpoint").flatMap(text -> endpoint(cluster, text));
    Optional<byte[]> ca = cluster.string("certificateAuthority").flatMap(text -> certificate(cluster, text));
    Optional<Cidr> cidr = cluster.string("serviceCidr").flatMap(text -> {
      Optional<Cidr> parsed = Cidr.parse(text);
      if (parsed.isEmpty()) {
        cluster.problem("serviceCidr", "\"" + text + "\" is not a CIDR", "e.g. 10.100.0.0/16 or fd12:3456:789a::/108");
      }
      return parsed;
    });
    Optional<String> family = cluster.string("ipFamily").flatMap(text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      if (!lower.equals("ipv4") && !lower.equals("ipv6")) {
        cluster.problem("ipFamily", "\"" + text + "\" is not ipv4 or ipv6");
        return Optional.empty();
      }
      return Optional.of(lower);
    });
    if (family.isPresent() && cidr.isPresent() && family.get().equals("ipv6") != cidr.get().ipv6()) {
      cluster.problem("ipFamily", family.get() + " does not match the " + (cidr.get().ipv6() ? "IPv6" : "IPv4")
          + " serviceCidr " + cidr.get(), "drop ipFamily: it follows serviceCidr");
    }
    boolean outpost = cluster.bool("enableOutpost").orElse(false);
    Optional<String> id = cluster.string("id");
    if (outpost && id.isEmpty()) {
      cluster.problem("enableOutpost", "an Outpost local cluster needs the cluster id", "set cluster.id (spec.cluster.id in a NodeConfig)");
    }
    Optional<String> name = cluster.string("name");
    name.ifPresent(text -> {
      if (!text.matches("[0-9A-Za-z][A-Za-z0-9\\-_]{0,99}")) {
        cluster.problem("name", "\"" + text + "\" is not an EKS cluster name", "1-100 letters, digits, '-' and '_', starting with a letter or digit");
      }
    });
    return new Cluster(name, endpoint, ca, cidr, family, outpost, id);
  }

  private static Optional<URI> endpoint(ConfigSection cluster, String text) {
    try {
      URI uri = new URI(text);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        cluster.problem("apiServerEndpoint", "\"" + text + "\" is not an https URL",
            "e.g. https://ABCDEF.gr7.us-west-2.eks.amazonaws.com");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      cluster.problem("apiServerEndpoint", "\"" + text + "\" is not a URL: " + e.getReason());
      return Optional.empty();
    }
  }

  private static Optional<byte[]> certificate(ConfigSection cluster, String text) {
    byte[] pem;
    try {
      pem = Base64.getMimeDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      cluster.problem("certificateAuthority", "is not base64: " + e.getMessage(), "paste the cluster's certificateAuthority.data as is");
      return Optional.empty();
    }
    try {
      CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
      return Optional.of(pem);
    } catch (CertificateException | RuntimeException e) {
      cluster.problem("certificateAuthority", "does not decode to an X.509 certificate",
          "paste the cluster's certificateAuthority.data: base64 of the PEM file");
      return Optional.empty();
    }
  }

  private static Kubelet kubelet(ConfigSection kubelet, Optional<Boolean> ipv6) {
    kubelet.allowOnly(CoreConfigKeys.childrenOf("kubelet"));
    ConfigMode mode = kubelet.string("configMode").map(text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "merge" -> ConfigMode.MERGE;
      case "replace" -> ConfigMode.REPLACE;
      default -> {
        kubelet.problem("configMode", "\"" + text + "\" is not merge or replace");
        yield ConfigMode.MERGE;
      }
    }).orElse(ConfigMode.MERGE);
    Map<String, Object> config = kubelet.table("config").orElse(Map.of());
    if (!config.isEmpty()) {
      kubeletConfig(kubelet.section("config"), ipv6);
    }
    List<String> flags = kubelet.strings("flags").orElse(List.of());
    for (int i = 0; i < flags.size(); i++) {
      flag(kubelet, "flags[" + i + "]", flags.get(i));
    }
    Map<String, String> labels = new LinkedHashMap<>();
    ConfigSection labelSection = kubelet.section("labels");
    for (String key : labelSection.keys()) {
      String literal = ConfigSection.literal(key);
      labelSection.string(literal).ifPresent(value -> {
        if (label(labelSection, literal, key, value)) {
          labels.put(key, value);
        }
      });
    }
    List<Taint> taints = new ArrayList<>();
    List<String> taintTexts = kubelet.strings("taints").orElse(List.of());
    for (int i = 0; i < taintTexts.size(); i++) {
      taint(kubelet, "taints[" + i + "]", taintTexts.get(i)).ifPresent(taints::add);
    }
    return new Kubelet(mode, config, flags, labels, taints, maxPods(kubelet.section("maxPods")));
  }

  /** Checks KubeletConfiguration field names and types against {@link KubeletFields}. */
  private static void kubeletConfig(ConfigSection config, Optional<Boolean> ipv6) {
    config.allowOnly(KubeletFields.FIELDS.keySet());
    for (String field : config.keys()) {
      KubeletFields.Kind kind = KubeletFields.FIELDS.get(field);
      if (kind == null) {
        continue;
      }
      switch (kind) {
        case BOOLEAN -> config.bool(field);
        case INT32 -> config.integer(field).ifPresent(n -> {
          if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            config.problem(field, n + " does not fit a 32-bit integer");
          } else if (field.equals("maxPods") && (n < 1 || n > 10_000)) {
            config.problem(field, n + " is out of range 1..10000");
          }
        });
        case INT64 -> config.integer(field);
        case NUMBER -> config.value(field).ifPresent(v -> {
          if (!(v instanceof Long) && !(v instanceof Double)) {
            config.problem(field, "expected a number, found " + describe(v));
          }
        });
        case STRING -> config.string(field);
        case DURATION -> config.string(field).ifPresent(text -> {
          if (!DURATION.matcher(text).matches()) {
            config.problem(field, "\"" + text + "\" is not a duration", "write e.g. \"30s\", \"5m\" or \"1h30m\"");
          }
        });
        case STRING_LIST -> config.strings(field).ifPresent(values -> {
          if (field.equals("clusterDNS")) {
            clusterDns(config, values, ipv6);
          }
        });
        case STRING_MAP -> {
          ConfigSection map = config.section(field);
          map.keys().forEach(k -> map.string(ConfigSection.literal(k)));
        }
        case BOOLEAN_MAP -> {
          ConfigSection map = config.section(field);
          map.keys().forEach(k -> map.bool(ConfigSection.literal(k)));
        }
        case OBJECT -> config.table(field);
        case LIST -> config.value(field).ifPresent(v -> {
          if (!(v instanceof List<?>)) {
            config.problem(field, "expected a list, found " + describe(v));
          }
        });
      }
    }
    config.string("apiVersion").ifPresent(version -> {
      if (!version.equals(KUBELET_API_VERSION)) {
        config.problem("apiVersion", "\"" + version + "\" is not " + KUBELET_API_VERSION, "drop apiVersion; eksnode sets it");
      }
    });
    config.string("kind").ifPresent(kind -> {
      if (!kind.equals("KubeletConfiguration")) {
        config.problem("kind", "\"" + kind + "\" is not KubeletConfiguration", "drop kind; eksnode sets it");
      }
    });
  }

  private static void clusterDns(ConfigSection config, List<String> dns, Optional<Boolean> ipv6) {
    for (int i = 0; i < dns.size(); i++) {
      Optional<InetAddress> address = Cidr.parseAddress(dns.get(i));
      String item = "clusterDNS[" + i + "]";
      if (address.isEmpty()) {
        config.problem(item, "\"" + dns.get(i) + "\" is not an IP address");
      } else if (ipv6.isPresent() && ipv6.get() != (address.get().getAddress().length == 16)) {
        config.problem(item, "\"" + dns.get(i) + "\" is " + family(address.get()) + " but the cluster is "
            + (ipv6.get() ? "IPv6" : "IPv4"), "use an address in the service CIDR's family");
      }
    }
  }

  private static String family(InetAddress address) {
    return address.getAddress().length == 16 ? "IPv6" : "IPv4";
  }

  private static String describe(Object value) {
    return switch (value) {
      case String s -> "string \"" + s + "\"";
      case List<?> l -> "list";
      case Map<?, ?> m -> "table";
      case Long n -> "integer " + n;
      case Double d -> "float " + d;
      case Boolean b -> "boolean " + b;
      default -> value.getClass().getSimpleName();
    };
  }

  /** {@code text} with control characters shown as escapes, for a message. */
  private static String printable(String text) {
    StringBuilder shown = new StringBuilder();
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> shown.append("\\n");
        case '\r' -> shown.append("\\r");
        case '\t' -> shown.append("\\t");
        default -> {
          if (Character.isISOControl(c)) {
            shown.append(String.format("\\u%04x", c));
          } else {
            shown.appendCodePoint(c);
          }
        }
      }
    });
    return shown.toString();
  }

  /** Checks one kubelet flag; labels and taints given as flags obey the same rules as kubelet.labels and kubelet.taints. */
  private static void flag(ConfigSection kubelet, String item, String flag) {
    if (flag.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      kubelet.problem(item, "\"" + abbreviate(printable(flag)) + "\" holds whitespace or a control character",
          "one flag per list item, e.g. [\"--v=2\", \"--node-ip=10.0.0.1\"]: a flag reaches the kubelet's command line");
      return;
    }
    if (!flag.startsWith("--")) {
      kubelet.problem(item, "\"" + flag + "\" is not a kubelet flag", "kubelet flags start with --, e.g. --v=2");
      return;
    }
    int eq = flag.indexOf('=');
    String name = eq < 0 ? flag : flag.substring(0, eq);
    String value = unquote(eq < 0 ? "" : flag.substring(eq + 1));
    if (name.equals("--node-labels")) {
      for (String pair : value.split(",", -1)) {
        int equals = pair.indexOf('=');
        if (equals < 0) {
          kubelet.problem(item, "--node-labels entry \"" + pair + "\" is not key=value");
          continue;
        }
        label(kubelet, item, pair.substring(0, equals), pair.substring(equals + 1));
      }
    } else if (name.equals("--register-with-taints")) {
      for (String text : value.split(",", -1)) {
        taint(kubelet, item, text);
      }
    }
  }

  /**
   * nodeadm hands flags to the kubelet through systemd, which removes one level of quotes; Karpenter
   * writes {@code --node-labels="a=b,c=d"} and relies on that.
   */
  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.charAt(0) == '"' || value.charAt(0) == '\'')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** Checks one label; reports at {@code key} of {@code section}. */
  private static boolean label(ConfigSection section, String key, String labelKey, String value) {
    boolean ok = true;
    Optional<String> badKey = KubernetesNames.checkQualifiedName(labelKey);
    if (badKey.isPresent()) {
      section.problem(key, "label key \"" + labelKey + "\" " + badKey.get());
      ok = false;
    } else if (!KubernetesNames.selfLabelAllowed(labelKey)) {
      section.problem(key, "label \"" + labelKey + "\" is in the kubernetes.io or k8s.io namespace, which a kubelet may not set on its own node (NodeRestriction)",
          KubernetesNames.selfLabelSuggestion(labelKey));
      ok = false;
    }
    Optional<String> badValue = KubernetesNames.checkLabelValue(value);
    if (badValue.isPresent()) {
      section.problem(key, "label value \"" + abbreviate(value) + "\" " + badValue.get());
      ok = false;
    }
    return ok;
  }

  private static Optional<Taint> taint(ConfigSection section, String key, String text) {
    Matcher matcher = TAINT.matcher(text);
    if (!matcher.matches()) {
      section.problem(key, "\"" + text + "\" is not a taint", "write key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute");
      return Optional.empty();
    }
    String taintKey = matcher.group(1);
    String value = matcher.group(2) == null ? "" : matcher.group(2);
    String effect = matcher.group(3);
    boolean ok = true;
    if (!EFFECTS.contains(effect)) {
      section.problem(key, "taint \"" + text + "\" has effect \"" + effect + "\"", "the effect is NoSchedule, PreferNoSchedule or NoExecute");
      ok = false;
    }
    Optional<String> badKey = KubernetesNames.checkQualifiedName(taintKey);
    if (badKey.isPresent()) {
      section.problem(key, "taint key \"" + taintKey + "\" " + badKey.get());
      ok = false;
    }
    Optional<String> badValue = KubernetesNames.checkLabelValue(value);
    if (badValue.isPresent()) {
      section.problem(key, "taint value \"" + abbreviate(value) + "\" " + badValue.get());
      ok = false;
    }
    return ok ? Optional.of(new Taint(taintKey, value, effect)) : Optional.empty();
  }

  private static String abbreviate(String text) {
    return text.length() <= 70 ? text : text.substring(0, 60) + "...";
  }

  private static MaxPods maxPods(ConfigSection section) {
    section.allowOnly(CoreConfigKeys.childrenOf("kubelet.maxPods"));
    MaxPods.Policy policy = section.string("policy").map(text -> switch (text) {
      case "table" -> MaxPods.Policy.TABLE;
      case "prefix-delegation" -> MaxPods.Policy.PREFIX_DELEGATION;
      case "custom-networking" -> MaxPods.Policy.CUSTOM_NETWORKING;
      case "fixed" -> MaxPods.Policy.FIXED;
      default -> {
        section.problem("policy", "\"" + text + "\" is not a max-pods policy",
            "one of table, prefix-delegation, custom-networking, fixed");
        yield MaxPods.Policy.TABLE;
      }
    }).orElse(MaxPods.Policy.TABLE);
    OptionalInt value = positive(section, "value");
    OptionalInt cap = positive(section, "cap");
    if (policy == MaxPods.Policy.FIXED && value.isEmpty()) {
      section.problem("policy", "the fixed policy needs kubelet.maxPods.value");
    }
    Optional<String> cni = section.string("cniVersion");
    cni.ifPresent(version -> {
      if (!version.matches("v?\\d+\\.\\d+(\\.\\d+)?([-+].*)?")) {
        section.problem("cniVersion", "\"" + version + "\" is not a version", "e.g. 1.18.3");
      }
    });
    return new MaxPods(policy, value, cap, cni);
  }

  private static OptionalInt positive(ConfigSection section, String key) {
    Optional<Long> number = section.integer(key);
    if (number.isEmpty()) {
      return OptionalInt.empty();
    }
    if (number.get() < 1 || number.get() > 10_000) {
      section.problem(key, number.get() + " is out of range 1..10000");
      return OptionalInt.empty();
    }
    return OptionalInt.of(number.get().intValue());
  }

  private static Containerd containerd(ConfigSection containerd) {
    containerd.allowOnly(CoreConfigKeys.childrenOf("containerd"));
    return new Containerd(containerd.table("config").orElse(Map.of()), containerd.table("baseRuntimeSpec").orElse(Map.of()));
  }

  private static Instance instance(ConfigSection instance, Optional<Boolean> ipv6) {
    allowOnlyReportingMoved(instance, "instance");
    Map<String, Map<String, String>> environment = new LinkedHashMap<>();
    ConfigSection env = instance.section("environment");
    for (String service : env.keys()) {
      String literal = ConfigSection.literal(service);
      if (!SERVICE_NAME.matcher(service).matches()) {
        env.problem(literal, "\"" + service + "\" is not a systemd service name", "e.g. kubelet, containerd, or default for every service");
      }
      ConfigSection variables = env.section(literal);
      Map<String, String> values = new LinkedHashMap<>();
      for (String name : variables.keys()) {
        String variable = ConfigSection.literal(name);
        if (!ENV_NAME.matcher(name).matches()) {
          variables.problem(variable, "\"" + name + "\" is not an environment variable name", "letters, digits and '_', not starting with a digit");
        }
        variables.string(variable).ifPresent(value -> {
          if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            variables.problem(variable, "value \"" + abbreviate(printable(value)) + "\" holds a control character (a newline would add a line to the unit's environment file)");
          }
          if (PROXY_VARIABLE.matcher(name).matches() && value.matches("(?s).*://[^/@\\s]+@.*")) {
            variables.problem(variable, "holds a proxy URL with credentials, which would be written to a world-readable drop-in",
                "set the proxy in [plugins.proxy] (httpProxy, httpsProxy), which keeps it in a root-only file;"
                    + " in a NodeConfig, spec.instance.environment.default goes there by itself");
          }
          values.put(name, value);
        });
      }
      environment.put(service, values);
    }
    return new Instance(environment, network(instance.section("network"), ipv6));
  }

  /**
   * {@link ConfigSection#allowOnly} for the keys under {@code prefix}, where a key that moved to the
   * plugin doing the work is refused naming its new key instead of as unknown.
   */
  private static void allowOnlyReportingMoved(ConfigSection section, String prefix) {
    Set<String> known = new java.util.LinkedHashSet<>(CoreConfigKeys.childrenOf(prefix));
    CoreConfigKeys.MOVED.forEach((old, now) -> {
      if (old.startsWith(prefix + ".") && old.indexOf('.', prefix.length() + 1) < 0) {
        String name = old.substring(prefix.length() + 1);
        known.add(name);
        if (section.keys().contains(name)) {
          section.problem(name, "is no longer a core setting: the plugin that does the work owns it", "write " + now);
        }
      }
    });
    section.allowOnly(known);
  }

  private static Network network(ConfigSection network, Optional<Boolean> ipv6) {
    allowOnlyReportingMoved(network, "instance.network");
    Optional<InetAddress> nodeIp = network.string("nodeIp").flatMap(text -> {
      Optional<InetAddress> address = Cidr.parseAddress(text);
      if (address.isEmpty()) {
        network.problem("nodeIp", "\"" + text + "\" is not an IP address");
      } else if (ipv6.isPresent() && ipv6.get() != (address.get().getAddress().length == 16)) {
        network.problem("nodeIp", "\"" + text + "\" is " + family(address.get()) + " but the cluster is " + (ipv6.get() ? "IPv6" : "IPv4"),
            "the node IP must be in the cluster's IP family");
        return Optional.empty();
      }
      return address;
    });
    return new Network(nodeIp);
  }

  private static Features features(ConfigSection features) {
    allowOnlyReportingMoved(features, "features");
    return new Features(features.bool("instanceIdNodeName").orElse(false));
  }
}
