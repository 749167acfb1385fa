package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import dev.eksnode.spi.ConfigSection;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** User data as launch templates, managed node groups, Karpenter and Terraform really send it. */
class RealWorldShapesTest {

  static final String KARPENTER_MIME = """
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="//"

      --//
      Content-Type: application/node.eks.aws

      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
      %s    clusterEndpoint: https://0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
        kubelet:
          config:
            maxPods: 110
            clusterDNS:
            - 10.100.0.10
          flags:
          - --node-labels="karpenter.sh/capacity-type=on-demand,karpenter.sh/nodepool=default"

      --//
      Content-Type: text/x-shellscript; charset="us-ascii"

      #!/bin/bash
      echo "Hello from a custom script"

      --//--
      """.formatted(Configs.CLUSTER_YAML.replaceFirst("\\n$", "\n"));

  @Test
  void readsKarpenterStyleMimeWarningAboutTheMisspelledEndpointOnly() {
    var result = Configs.userData(KARPENTER_MIME);
    assertEquals(List.of("warning: user-data part 1 (application/node.eks.aws), line 9, column 5: spec.cluster.clusterEndpoint: "
        + "unknown key, ignored (known keys: apiServerEndpoint, certificateAuthority, cidr, enableOutpost, id, name)"), result.messages());
    NodeSettings settings = result.settings();
    assertNotNull(settings);
    assertEquals("my-cluster", settings.cluster().name().orElseThrow());
    assertEquals(Map.of("maxPods", 110L, "clusterDNS", List.of("10.100.0.10")), settings.kubelet().config());
  }

  @Test
  void karpenterQuotedNodeLabelsAreReadAsTheKubeletReadsThem() {
    var result = Configs.userData(KARPENTER_MIME);
    assertEquals(List.of("--node-labels=\"karpenter.sh/capacity-type=on-demand,karpenter.sh/nodepool=default\""),
        result.settings().kubelet().flags());
  }

  @Test
  void makesKarpentersMisspellingAnErrorUnderStrict() {
    var result = Configs.userData(KARPENTER_MIME.getBytes(StandardCharsets.UTF_8), new ConfigPolicy(true, false));
    assertEquals(List.of("user-data part 1 (application/node.eks.aws), line 9, column 5: spec.cluster.clusterEndpoint: "
        + "unknown key (known keys: apiServerEndpoint, certificateAuthority, cidr, enableOutpost, id, name)"), result.messages());
  }

  @Test
  void mergesTwoNodeConfigPartsWithNodeadmsRules() {
    String mime = """
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="BOUNDARY"

        --BOUNDARY
        Content-Type: application/node.eks.aws

        ---
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
        %s  kubelet:
            config:
              shutdownGracePeriod: 30s
              evictionHard:
                memory.available: 100Mi
            flags:
            - --v=2

        --BOUNDARY
        Content-Type: application/node.eks.aws

        ---
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          cluster:
            name: renamed
          kubelet:
            config:
              evictionHard:
                nodefs.available: 10%%
            flags:
            - --node-labels=team=payments

        --BOUNDARY--
        """.formatted(Configs.CLUSTER_YAML);
    var result = Configs.userData(mime);
    assertEquals(List.of(), result.messages());
    NodeSettings settings = result.settings();
    assertEquals("renamed", settings.cluster().name().orElseThrow(), "later scalars win");
    assertEquals("10.100.0.0/16", settings.cluster().serviceCidr().orElseThrow().toString(), "earlier values stay");
    assertEquals(List.of("--v=2", "--node-labels=team=payments"), settings.kubelet().flags(), "flags append");
    assertEquals(Map.of("shutdownGracePeriod", "30s", "evictionHard", Map.of("memory.available", "100Mi", "nodefs.available", "10%")),
        settings.kubelet().config(), "config deep-merges");
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void readsBase64OfGzipdMime() throws IOException {
    byte[] userData = Base64.getMimeEncoder().encode(gzip(KARPENTER_MIME.getBytes(StandardCharsets.UTF_8)));
    var result = Configs.userData(userData, ConfigPolicy.DEFAULT);
    assertEquals(1, result.messages().size());
    assertEquals("my-cluster", result.settings().cluster().name().orElseThrow());
  }

  @Test
  void readsABareNodeConfig() {
    var result = Configs.userDataWithOwners("""
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
        %s  featureGates:
            InstanceIdNodeName: true
          instance:
            localStorage:
              strategy: RAID0
        """.formatted(Configs.CLUSTER_YAML));
    assertEquals(List.of(), result.messages());
    assertTrue(result.settings().features().instanceIdNodeName());
    assertEquals(Map.of("strategy", "RAID0", "enabled", true),
        ((Map<?, ?>) ((Map<?, ?>) result.loaded().merged().plain()).get("plugins")).get("instance-store"),
        "local storage is the instance-store plugin's, turned on by the strategy");
    assertEquals("user-data", result.loaded().documents().getFirst().source());
    assertEquals("nodeadm NodeConfig", result.loaded().documents().getFirst().format());
  }

  @Test
  void readsAJsonNodeConfig() {
    var result = Configs.userData("""
        {
          "apiVersion": "node.eks.aws/v1alpha1",
          "kind": "NodeConfig",
          "spec": {
            "cluster": {
              "name": "json-cluster",
              "apiServerEndpoint": "https://example.com",
              "certificateAuthority": "%s",
              "cidr": "fd12:3456:789a::/108"
            },
            "kubelet": {"flags": ["--v=4"]}
          }
        }
        """.formatted(Configs.CA));
    assertEquals(List.of(), result.messages());
    assertEquals("json-cluster", result.settings().cluster().name().orElseThrow());
    assertTrue(result.settings().cluster().serviceCidr().orElseThrow().ipv6());
  }

  @Test
  void readsAnEksnodeTomlPartBesideANodeConfigPart() {
    var result = Configs.userData("""
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: application/node.eks.aws

        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
        %s
        --b
        Content-Type: application/x-eksnode+toml

        [kubelet.labels]
        "node.kubernetes.io/lifecycle" = "spot"
        [kubelet.maxPods]
        policy = "prefix-delegation"
        cap = 110
        --b--
        """.formatted(Configs.CLUSTER_YAML));
    assertEquals(List.of(), result.messages());
    assertEquals(Map.of("node.kubernetes.io/lifecycle", "spot"), result.settings().kubelet().labels());
    assertEquals(NodeSettings.MaxPods.Policy.PREFIX_DELEGATION, result.settings().kubelet().maxPods().policy());
  }

  /** A plugin with its own section, as third-party plugins have. */
  static final class AcmePlugin implements Plugin {
    @Override
    public String id() {
      return "acme";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public String description() {
      return "test plugin";
    }

    @Override
    public List<Step> steps() {
      return List.of();
    }

    @Override
    public Object bindConfig(ConfigSection config) {
      ConfigSection acme = config.section("plugins.acme");
      acme.allowOnly(Set.of("enabled", "endpoint", "retries"));
      return Map.of("endpoint", acme.string("endpoint").orElse(""), "retries", acme.integer("retries").orElse(3L));
    }
  }

  @Test
  void bindsTomlWithPluginSections() {
    String toml = """
        [cluster]
        name = "toml-cluster"
        [plugins.core]
        enabled = true
        [plugins.acme]
        enabled = true
        endpoint = "https://acme.example"
        retries = 5
        """;
    var result = Configs.read(List.of(new ConfigSource.Bytes("eksnode.toml", toml.getBytes(StandardCharsets.UTF_8))),
        ConfigPolicy.DEFAULT, Configs.plugins(new AcmePlugin()));
    assertEquals(List.of(), result.messages());
    assertEquals("toml-cluster", result.settings().cluster().name().orElseThrow());
  }

  @Test
  void reportsMistakesInAPluginSectionWithTheirLocation() {
    String toml = "[plugins.acme]\nretries = \"five\"\nendpont = \"x\"\n[plugins.acmee]\n";
    var result = Configs.read(List.of(new ConfigSource.Bytes("eksnode.toml", toml.getBytes(StandardCharsets.UTF_8))),
        ConfigPolicy.DEFAULT, Configs.plugins(new AcmePlugin()));
    assertEquals(List.of(
        "eksnode.toml, line 2, column 1: plugins.acme.retries: expected an integer, found string \"five\"",
        "eksnode.toml, line 3, column 1: plugins.acme.endpont: unknown key (did you mean 'endpoint'?)",
        "eksnode.toml, line 4, column 1: plugins.acmee: no plugin with this id is installed (did you mean 'acme'?)"),
        result.messages(), "in source order");
  }
}
