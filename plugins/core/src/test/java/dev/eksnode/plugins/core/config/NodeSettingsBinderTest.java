package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSettingsBinderTest {

  private static List<String> problems(String toml) {
    return problems(toml, ConfigPolicy.DEFAULT);
  }

  private static List<String> problems(String toml, ConfigPolicy policy) {
    return Configs.read(List.of(new ConfigSource.Bytes("f.toml", toml.getBytes(StandardCharsets.UTF_8))), policy, Configs.plugins())
        .messages();
  }

  @Test
  void acceptsAFullValidConfiguration() {
    var result = Configs.read(List.of(new ConfigSource.Bytes("f.toml", ("""
        profile = "cis-level-1"
        [cluster]
        name = "prod"
        apiServerEndpoint = "https://example.com"
        certificateAuthority = "%s"
        serviceCidr = "172.20.0.0/16"
        ipFamily = "ipv4"
        [kubelet]
        configMode = "replace"
        flags = ["--v=2", "--node-labels=node.kubernetes.io/lifecycle=spot,feature.node.kubernetes.io/x=y"]
        taints = ["dedicated=gpu:NoSchedule", "spot:PreferNoSchedule"]
        [kubelet.config]
        maxPods = 58
        shutdownGracePeriod = "1m30s"
        clusterDNS = ["172.20.0.10"]
        memoryThrottlingFactor = 0.9
        featureGates = { RotateKubeletServerCertificate = true }
        evictionHard = { "memory.available" = "200Mi" }
        [kubelet.labels]
        team = "payments"
        "kubelet.kubernetes.io/managed" = "yes"
        [kubelet.maxPods]
        policy = "fixed"
        value = 58
        [instance.network]
        nodeIp = "10.0.1.23"
        [instance.environment.kubelet]
        GODEBUG = "x509sha1=1"
        """).formatted(Configs.CA).getBytes(StandardCharsets.UTF_8))), ConfigPolicy.DEFAULT, Configs.plugins());
    assertEquals(List.of(), result.messages());
    NodeSettings settings = result.settings();
    assertEquals(NodeSettings.ConfigMode.REPLACE, settings.kubelet().configMode());
    assertEquals(List.of(new NodeSettings.Taint("dedicated", "gpu", "NoSchedule"), new NodeSettings.Taint("spot", "", "PreferNoSchedule")),
        settings.kubelet().taints());
    assertEquals(Map.of("kubelet", Map.of("GODEBUG", "x509sha1=1")), settings.instance().environment());
  }

  @Test
  void refusesLabelsAKubeletMayNotSetOnItself() {
    assertEquals(List.of("f.toml, line 2, column 1: kubelet.labels.\"node-role.kubernetes.io/worker\": label \"node-role.kubernetes.io/worker\" "
            + "is in the kubernetes.io or k8s.io namespace, which a kubelet may not set on its own node (NodeRestriction) "
            + "(use node.kubernetes.io/worker or a prefix of your own domain; a controller with cluster rights can set the original)"),
        problems("[kubelet.labels]\n\"node-role.kubernetes.io/worker\" = \"\"\n"));
    assertEquals(List.of(), problems("[kubelet.labels]\n\"node.kubernetes.io/role\" = \"web\"\n\"sub.node.kubernetes.io/x\" = \"y\"\n"));
  }

  @Test
  void refusesBadLabelKeysAndValues() {
    assertEquals(List.of(
            "f.toml, line 2, column 1: kubelet.labels.\"Bad_Prefix/x\": label key \"Bad_Prefix/x\" has a prefix \"Bad_Prefix\" that is not a DNS subdomain (lower-case letters, digits, '-' and '.')",
            "f.toml, line 3, column 1: kubelet.labels.team: label value \"" + "a".repeat(64) + "\" is 64 characters long; a label value has at most 63",
            "f.toml, line 4, column 1: kubelet.labels.tier: label value \"-web\" may only contain letters, digits, '-', '_' and '.', and must start and end with a letter or digit"),
        problems("[kubelet.labels]\n\"Bad_Prefix/x\" = \"a\"\nteam = \"" + "a".repeat(64) + "\"\ntier = \"-web\"\n"));
  }

  @Test
  void refusesBadTaints() {
    assertEquals(List.of(
            "f.toml, line 2, column 11: kubelet.taints[0]: \"dedicated\" is not a taint (write key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute)",
            "f.toml, line 2, column 24: kubelet.taints[1]: taint \"a=b:NoScheduel\" has effect \"NoScheduel\" (the effect is NoSchedule, PreferNoSchedule or NoExecute)"),
        problems("[kubelet]\ntaints = [\"dedicated\", \"a=b:NoScheduel\"]\n"));
  }

  @Test
  void checksKubeletConfigurationFieldNamesAndTypes() {
    assertEquals(List.of(
            "f.toml, line 2, column 1: kubelet.config.maxPod: unknown key (did you mean 'maxPods'?)",
            "f.toml, line 3, column 1: kubelet.config.serializeImagePulls: expected true or false, found string \"false\"",
            "f.toml, line 4, column 1: kubelet.config.shutdownGracePeriod: \"30 seconds\" is not a duration (write e.g. \"30s\", \"5m\" or \"1h30m\")",
            "f.toml, line 5, column 1: kubelet.config.featureGates.Foo: expected true or false, found string \"on\""),
        problems("[kubelet.config]\nmaxPod = 1\nserializeImagePulls = \"false\"\nshutdownGracePeriod = \"30 seconds\"\nfeatureGates.Foo = \"on\"\n"));
  }

  @Test
  void makesUnknownKeysWarningsWhenLenient() {
    assertEquals(List.of("warning: f.toml, line 2, column 1: kubelet.config.maxPod: unknown key (did you mean 'maxPods'?)",
            "warning: f.toml, line 3, column 1: clsuter: unknown section (did you mean 'cluster'?)"),
        problems("[kubelet.config]\nmaxPod = 1\n[clsuter]\n", new ConfigPolicy(false, true)));
  }

  @Test
  void checksThatIpFamiliesAgree() {
    assertEquals(List.of(
            "f.toml, line 3, column 1: cluster.ipFamily: ipv6 does not match the IPv4 serviceCidr 10.100.0.0/16 (drop ipFamily: it follows serviceCidr)",
            "f.toml, line 7, column 1: instance.network.nodeIp: \"10.0.0.300\" is not an IP address"),
        problems("[cluster]\nserviceCidr = \"10.100.0.0/16\"\nipFamily = \"ipv6\"\n[kubelet.config]\nclusterDNS = [\"fd00::a\"]\n[instance.network]\nnodeIp = \"10.0.0.300\"\n"));
  }

  @Test
  void refusesAClusterDnsAddressOfTheOtherFamily() {
    assertEquals(List.of("f.toml, line 4, column 15: kubelet.config.clusterDNS[0]: \"fd00::a\" is IPv6 but the cluster is IPv4 (use an address in the service CIDR's family)"),
        problems("[cluster]\nserviceCidr = \"10.100.0.0/16\"\n[kubelet.config]\nclusterDNS = [\"fd00::a\"]\n"));
  }

  @Test
  void refusesAnIpOfTheOtherFamily() {
    assertEquals(List.of("f.toml, line 4, column 1: instance.network.nodeIp: \"fd00::1\" is IPv6 but the cluster is IPv4 (the node IP must be in the cluster's IP family)"),
        problems("[cluster]\nserviceCidr = \"10.100.0.0/16\"\n[instance.network]\nnodeIp = \"fd00::1\"\n"));
  }

  @Test
  void checksTheClusterCoordinates() {
    assertEquals(List.of(
            "f.toml, line 2, column 1: cluster.apiServerEndpoint: \"http://example.com\" is not an https URL (e.g. https://ABCDEF.gr7.us-west-2.eks.amazonaws.com)",
            "f.toml, line 3, column 1: cluster.certificateAuthority: does not decode to an X.509 certificate (paste the cluster's certificateAuthority.data: base64 of the PEM file)",
            "f.toml, line 4, column 1: cluster.enableOutpost: an Outpost local cluster needs the cluster id (set cluster.id (spec.cluster.id in a NodeConfig))"),
        problems("[cluster]\napiServerEndpoint = \"http://example.com\"\ncertificateAuthority = \"aGVsbG8=\"\nenableOutpost = true\n"));
  }

  @Test
  void refusesFlagsThatAreNotFlags() {
    assertEquals(List.of("f.toml, line 2, column 10: kubelet.flags[0]: \"v=2\" is not a kubelet flag (kubelet flags start with --, e.g. --v=2)"),
        problems("[kubelet]\nflags = [\"v=2\"]\n"));
  }

  @Test
  void refusesBadEnvironmentNames() {
    assertEquals(List.of(
            "f.toml, line 2, column 1: instance.environment.kubelet.1BAD: \"1BAD\" is not an environment variable name (letters, digits and '_', not starting with a digit)"),
        problems("[instance.environment.kubelet]\n\"1BAD\" = \"x\"\n"));
  }

  @Test
  void refusesTheSettingsThatMovedToPluginsNamingTheNewKey() {
    assertEquals(List.of(
            "f.toml, line 1, column 1: instance.localStorage: is no longer a core setting: the plugin that does the work owns it"
                + " (write [plugins.instance-store] with enabled = true and strategy, mountPath, disabledMounts)",
            "f.toml, line 4, column 1: instance.network.httpsProxy: is no longer a core setting: the plugin that does the work owns it"
                + " (write plugins.proxy.httpsProxy (with plugins.proxy.enabled = true))",
            "f.toml, line 6, column 1: features.fastImagePull: is no longer a core setting: the plugin that does the work owns it"
                + " (write plugins.soci.enabled)"),
        problems("[instance.localStorage]\nstrategy = \"RAID0\"\n[instance.network]\nhttpsProxy = \"http://proxy:3128\"\n"
            + "[features]\nfastImagePull = true\n"));
  }

  @Test
  void refusesProxyCredentialsInAServicesEnvironmentWithoutShowingThem() {
    List<String> problems = problems("[instance.environment.containerd]\nHTTPS_PROXY = \"http://user:s3cr3t@proxy:3128\"\n"
        + "[instance.environment.kubelet]\nhttp_proxy = \"http://proxy:3128\"\n");
    assertEquals(List.of("f.toml, line 2, column 1: instance.environment.containerd.HTTPS_PROXY: holds a proxy URL with credentials,"
        + " which would be written to a world-readable drop-in (set the proxy in [plugins.proxy] (httpProxy, httpsProxy), which keeps"
        + " it in a root-only file; in a NodeConfig, spec.instance.environment.default goes there by itself)"), problems);
  }
}
