package dev.eksnode.plugins.core;

import dev.eksnode.plugins.core.NodeSettings.Cluster;
import dev.eksnode.plugins.core.NodeSettings.ConfigMode;
import dev.eksnode.plugins.core.NodeSettings.Containerd;
import dev.eksnode.plugins.core.NodeSettings.Features;
import dev.eksnode.plugins.core.NodeSettings.Instance;
import dev.eksnode.plugins.core.NodeSettings.Kubelet;
import dev.eksnode.plugins.core.NodeSettings.LocalStorage;
import dev.eksnode.plugins.core.NodeSettings.MaxPods;
import dev.eksnode.plugins.core.NodeSettings.Taint;
import dev.eksnode.spi.ConfigSection;
import java.io.ByteArrayInputStream;
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
import java.util.regex.Pattern;

/** Binds and validates the node sections; every problem is reported through the section, with its location. */
final class NodeSettingsBinder {

  static final Set<String> SECTIONS = Set.of("cluster", "kubelet", "containerd", "instance", "features", "profile", "plugins.core");

  private static final Pattern TAINT = Pattern.compile("([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)");

  private NodeSettingsBinder() {}

  static NodeSettings bind(ConfigSection root) {
    root.section("plugins.core").allowOnly(Set.of());
    Optional<String> profile = root.string("profile");
    return new NodeSettings(
        cluster(root.section("cluster")),
        kubelet(root.section("kubelet")),
        containerd(root.section("containerd")),
        instance(root.section("instance")),
        features(root.section("features")),
        profile);
  }

  private static Cluster cluster(ConfigSection cluster) {
    cluster.allowOnly(Set.of("name", "apiServerEndpoint", "certificateAuthority", "serviceCidr", "ipFamily", "enableOutpost", "id"));
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
      cluster.problem("enableOutpost", "an Outpost local cluster needs cluster.id", "set cluster.id to the local cluster's id");
    }
    return new Cluster(cluster.string("name"), endpoint, ca, cidr, family, outpost, id);
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
    } catch (CertificateException e) {
      cluster.problem("certificateAuthority", "does not decode to an X.509 certificate");
      return Optional.empty();
    }
  }

  private static Kubelet kubelet(ConfigSection kubelet) {
    kubelet.allowOnly(Set.of("configMode", "config", "flags", "labels", "taints", "maxPods"));
    ConfigMode mode = kubelet.string("configMode").map(text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "merge" -> ConfigMode.MERGE;
      case "replace" -> ConfigMode.REPLACE;
      default -> {
        kubelet.problem("configMode", "\"" + text + "\" is not merge or replace");
        yield ConfigMode.MERGE;
      }
    }).orElse(ConfigMode.MERGE);
    Map<String, Object> config = kubelet.table("config").orElse(Map.of());
    List<String> flags = kubelet.strings("flags").orElse(List.of());
    Map<String, String> labels = new LinkedHashMap<>();
    // Through table(): label keys hold dots (node.kubernetes.io/lifecycle), which keyed lookups split.
    kubelet.table("labels").orElse(Map.of()).forEach((key, value) -> {
      if (value instanceof String text) {
        labels.put(key, text);
      } else {
        kubelet.problem("labels", "the value of label \"" + key + "\" is not a string: " + value);
      }
    });
    List<Taint> taints = new ArrayList<>();
    List<String> taintTexts = kubelet.strings("taints").orElse(List.of());
    for (int i = 0; i < taintTexts.size(); i++) {
      var matcher = TAINT.matcher(taintTexts.get(i));
      if (matcher.matches()) {
        taints.add(new Taint(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2), matcher.group(3)));
      } else {
        kubelet.problem("taints", "\"" + taintTexts.get(i) + "\" is not a taint",
            "write key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute");
      }
    }
    return new Kubelet(mode, config, flags, labels, taints, maxPods(kubelet.section("maxPods")));
  }

  private static MaxPods maxPods(ConfigSection section) {
    section.allowOnly(Set.of("policy", "value", "cap", "cniVersion"));
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
    return new MaxPods(policy, value, cap, section.string("cniVersion"));
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
    containerd.allowOnly(Set.of("config", "baseRuntimeSpec"));
    return new Containerd(containerd.table("config").orElse(Map.of()), containerd.table("baseRuntimeSpec").orElse(Map.of()));
  }

  private static Instance instance(ConfigSection instance) {
    instance.allowOnly(Set.of("localStorage", "environment"));
    ConfigSection storage = instance.section("localStorage");
    storage.allowOnly(Set.of("strategy", "mountPath", "disabledMounts"));
    Optional<String> strategy = storage.string("strategy").flatMap(text -> {
      if (!Set.of("RAID0", "RAID10", "Mount").contains(text)) {
        storage.problem("strategy", "\"" + text + "\" is not RAID0, RAID10 or Mount");
        return Optional.empty();
      }
      return Optional.of(text);
    });
    LocalStorage localStorage = new LocalStorage(
        strategy, storage.string("mountPath").orElse("/mnt/k8s-disks"), storage.strings("disabledMounts").orElse(List.of()));
    Map<String, Map<String, String>> environment = new LinkedHashMap<>();
    ConfigSection env = instance.section("environment");
    for (String service : env.keys()) {
      ConfigSection variables = env.section(service);
      Map<String, String> values = new LinkedHashMap<>();
      for (String name : variables.keys()) {
        variables.string(name).ifPresent(value -> values.put(name, value));
      }
      environment.put(service, values);
    }
    return new Instance(localStorage, environment);
  }

  private static Features features(ConfigSection features) {
    features.allowOnly(Set.of("instanceIdNodeName", "fastImagePull"));
    return new Features(features.bool("instanceIdNodeName").orElse(false), features.bool("fastImagePull").orElse(false));
  }
}
