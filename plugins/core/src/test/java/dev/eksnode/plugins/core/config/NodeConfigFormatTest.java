package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.ConfigExplain;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigFormatTest {

  private static final String PART = "user-data part 1 (application/node.eks.aws)";

  private static String mime(String nodeConfig) {
    return "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: application/node.eks.aws\n\n" + nodeConfig + "\n--b--\n";
  }

  private static Configs.Result withPlugins(String userData) {
    return Configs.userDataWithOwners(userData);
  }

  private static List<String> provenance(Configs.Result result) {
    return ConfigExplain.entries(result.loaded().merged()).stream()
        .filter(e -> !e.location().source().equals("built-in defaults"))
        .map(e -> e.key() + " <- " + e.location().key())
        .toList();
  }

  @Test
  void mapsEveryNodeadmKeyOntoEksnodesKeepingTheWrittenKey() {
    var result = withPlugins("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        metadata:
          name: ignored
        spec:
          cluster:
            name: c
            apiServerEndpoint: https://example.com
            cidr: 10.100.0.0/16
            enableOutpost: true
            id: abc
          kubelet:
            config:
              maxPods: 20
            flags: [--v=2]
          containerd:
            baseRuntimeSpec:
              process:
                noNewPrivileges: true
          instance:
            localStorage:
              strategy: Mount
              mountPath: /mnt/disks
              disabledMounts: [PodLogs]
            environment:
              default:
                NO_PROXY: 169.254.169.254
                GOMAXPROCS: "2"
          featureGates:
            InstanceIdNodeName: true
            FastImagePull: false
        """);
    assertEquals(List.of(), result.messages());
    assertEquals(List.of(
        "cluster.enableOutpost <- spec.cluster.enableOutpost",
        "cluster.name <- spec.cluster.name",
        "cluster.apiServerEndpoint <- spec.cluster.apiServerEndpoint",
        "cluster.serviceCidr <- spec.cluster.cidr",
        "cluster.id <- spec.cluster.id",
        "kubelet.config.maxPods <- spec.kubelet.config.maxPods",
        "kubelet.flags <- spec.kubelet.flags",
        "features.instanceIdNodeName <- spec.featureGates.InstanceIdNodeName",
        "containerd.baseRuntimeSpec.process.noNewPrivileges <- spec.containerd.baseRuntimeSpec.process.noNewPrivileges",
        "instance.environment.default.GOMAXPROCS <- spec.instance.environment.default.GOMAXPROCS",
        "plugins.instance-store.strategy <- spec.instance.localStorage.strategy",
        "plugins.instance-store.mountPath <- spec.instance.localStorage.mountPath",
        "plugins.instance-store.disabledMounts <- spec.instance.localStorage.disabledMounts",
        "plugins.instance-store.enabled <- spec.instance.localStorage.strategy",
        "plugins.proxy.noProxy <- spec.instance.environment.default.NO_PROXY",
        "plugins.proxy.enabled <- spec.instance.environment.default.NO_PROXY",
        "plugins.soci.enabled <- spec.featureGates.FastImagePull"),
        provenance(result));
  }

  @Test
  void defaultProxyVariablesGoToTheProxyPluginAndOtherServicesKeepTheirs() {
    var result = withPlugins("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          instance:
            environment:
              default:
                https_proxy: http://proxy.corp.example:3128
                HTTPS_PROXY: http://proxy.corp.example:3128
                NO_PROXY: ".corp.example, 10.0.0.0/8,"
              containerd:
                HTTP_PROXY: http://other.corp.example:3128
        """);
    assertEquals(List.of(), result.messages());
    Map<?, ?> merged = (Map<?, ?>) result.loaded().merged().plain();
    assertEquals(Map.of("httpsProxy", "http://proxy.corp.example:3128", "noProxy", List.of(".corp.example", "10.0.0.0/8"),
        "enabled", true), ((Map<?, ?>) merged.get("plugins")).get("proxy"));
    assertEquals(Map.of("environment", Map.of("containerd", Map.of("HTTP_PROXY", "http://other.corp.example:3128"))),
        merged.get("instance"), "default is gone once its proxy variables moved; a single service keeps its own");
  }

  @Test
  void twoSpellingsOfAProxyVariableThatDisagreeAreRefused() {
    var result = withPlugins("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          instance:
            environment:
              default:
                HTTP_PROXY: http://a.example:3128
                http_proxy: http://b.example:3128
        """);
    assertEquals(List.of("user-data, line 8, column 9: spec.instance.environment.default.http_proxy: disagrees with "
        + "spec.instance.environment.default.HTTP_PROXY; both set the proxy plugin's httpProxy (give the variable once)"),
        result.messages());
  }

  @Test
  void aKeyMappedOntoAPluginThatIsNotInstalledIsReportedAtTheNodeConfigKey() {
    var result = Configs.userData("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          featureGates:
            FastImagePull: true
        """);
    assertEquals(List.of("user-data, line 5, column 5: spec.featureGates.FastImagePull: no plugin with this id is installed"
        + " (installed: core)"), result.messages());
  }

  @Test
  void refusesAnotherApiVersionPointingAtIt() {
    var result = Configs.userData(mime("apiVersion: node.eks.aws/v1beta1\nkind: NodeConfig\nspec: {}\n"));
    assertEquals(List.of(PART + ", line 1, column 1: apiVersion: \"node.eks.aws/v1beta1\" is not supported: eksnode reads "
        + "node.eks.aws/v1alpha1 (write apiVersion: node.eks.aws/v1alpha1)"), result.messages());
  }

  @Test
  void refusesAPartWithoutKind() {
    var result = Configs.userData(mime("apiVersion: node.eks.aws/v1alpha1\nspec: {}\n"));
    assertEquals(List.of(PART + ", line 1, column 1: kind: missing kind (expected NodeConfig)"), result.messages());
  }

  @Test
  void refusesABareYamlDocumentThatIsNoNodeConfig() {
    var result = Configs.userData("apiVersion: v1\nkind: ConfigMap\n");
    assertEquals(List.of("user-data, line 1, column 1: not a configuration document eksnode reads: a YAML or JSON document must be "
        + "one of: nodeadm NodeConfig (eksnode's own configuration is TOML)"), result.messages());
  }

  @Test
  void warnsAboutUnknownKeysAtEveryLevel() {
    var result = withPlugins("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        extra: 1
        spec:
          kublet: {}
          featureGates:
            FastImagePul: true
          instance:
            localStorage:
              stratgy: RAID0
        """);
    assertEquals(List.of(
        "warning: user-data, line 3, column 1: extra: unknown key, ignored (known keys: apiVersion, kind, metadata, spec, status)",
        "warning: user-data, line 5, column 3: spec.kublet: unknown key, ignored (did you mean 'kubelet'?)",
        "warning: user-data, line 7, column 5: spec.featureGates.FastImagePul: unknown key, ignored (did you mean 'FastImagePull'?)",
        "warning: user-data, line 10, column 7: spec.instance.localStorage.stratgy: unknown key, ignored (did you mean 'strategy'?)"),
        result.messages());
  }

  @Test
  void locatesContainerdTomlErrorsInsideTheUserDataPart() {
    var result = Configs.userData(mime("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          containerd:
            config: |
              [plugins."io.containerd.grpc.v1.cri".containerd]
              discard_unpacked_layers = fals
        """));
    assertEquals(1, result.messages().size());
    assertEquals(PART + ", line 7, column 33: spec.containerd.config: TOML syntax:",
        result.messages().getFirst().substring(0, result.messages().getFirst().indexOf("TOML syntax:") + 12));
  }

  @Test
  void parsesContainerdTomlIntoTablesThatMerge() {
    var result = Configs.userData("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          containerd:
            config: |
              [plugins."io.containerd.grpc.v1.cri".containerd]
              discard_unpacked_layers = false
        """);
    assertEquals(List.of(), result.messages());
    var entry = ConfigExplain.entries(result.loaded().merged()).stream()
        .filter(e -> e.key().startsWith("containerd.")).findFirst().orElseThrow();
    assertEquals("containerd.config.plugins.\"io.containerd.grpc.v1.cri\".containerd.discard_unpacked_layers", entry.key());
    assertEquals("user-data, line 7, column 7", entry.location().toString());
  }

  @Test
  void reportsContainerdTomlErrorsInAJsonStringInsideTheString() {
    var result = Configs.userData("{\"apiVersion\": \"node.eks.aws/v1alpha1\", \"kind\": \"NodeConfig\",\n"
        + " \"spec\": {\"containerd\": {\"config\": \"[a]\\nb = \"}}}");
    assertEquals(1, result.messages().size());
    String message = result.messages().getFirst();
    assertEquals("user-data, line 2, column 26: spec.containerd.config: TOML syntax:", message.substring(0, message.indexOf("TOML syntax:") + 12));
    assertEquals(true, message.endsWith("(line 2, column 5 of the TOML text)"), message);
  }
}
