package dev.eksnode.plugins.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The values FACTS.md states, asserted on what the core plugin's conformance cases expect. The kit's
 * golden rule ({@link CoreConformanceTest}) proves a fresh run leaves exactly {@code expected/} and
 * makes exactly the calls of {@code expected-aws-calls.txt}; this test proves those are right, so a
 * snapshot accepted with a wrong value fails here.
 */
class OracleValuesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a case expects: its {@code expected/} files and its AWS calls. */
  private record Expected(Map<String, CoreCases.FileState> files, Map<String, Integer> awsCalls) {}

  private static Expected expected(String name) throws Exception {
    return new Expected(CoreCases.expectedFiles(name), CoreCases.expectedAwsCalls(name));
  }

  private static JsonNode kubeletConfig(Expected run) throws Exception {
    return JSON.readTree(text(run, "/etc/kubernetes/kubelet/config.json"));
  }

  private static String text(Expected run, String path) {
    CoreCases.FileState file = run.files().get(path);
    assertTrue(file != null, "no " + path);
    return file.text();
  }

  @Test
  void m5LargeGets29PodsAnd574MiAnd70mWithOnlyImdsCalls() throws Exception {
    Expected run = expected("m5-large-ipv4");
    JsonNode config = kubeletConfig(run);
    assertEquals(29, config.path("maxPods").asInt());
    assertEquals("574Mi", config.path("kubeReserved").path("memory").asText());
    assertEquals("70m", config.path("kubeReserved").path("cpu").asText());
    assertEquals("1Gi", config.path("kubeReserved").path("ephemeral-storage").asText());
    assertEquals("10.100.0.10", config.path("clusterDNS").get(0).asText());
    assertEquals("aws:///us-west-2a/i-0a1b2c3d4e5f60001", config.path("providerID").asText());
    assertEquals(Map.of(), run.awsCalls(), "the happy path makes no AWS API call");
    assertEquals(
        Map.of("memory.available", "100Mi", "nodefs.available", "10%", "nodefs.inodesFree", "5%"),
        JSON.convertValue(config.path("evictionHard"), Map.class));
    assertEquals("systemd", config.path("cgroupDriver").asText());
    assertEquals("cluster.local", config.path("clusterDomain").asText());
    assertEquals("hairpin-veth", config.path("hairpinMode").asText());
    assertEquals(0, config.path("readOnlyPort").asInt());
    assertTrue(config.path("protectKernelDefaults").asBoolean());
    assertTrue(!config.path("serializeImagePulls").asBoolean(true));
    assertTrue(config.path("serverTLSBootstrap").asBoolean());
    assertTrue(config.path("featureGates").path("RotateKubeletServerCertificate").asBoolean());
    assertTrue(config.path("authentication").path("webhook").path("enabled").asBoolean());
    assertTrue(!config.path("authentication").path("anonymous").path("enabled").asBoolean(true));
    assertEquals("Webhook", config.path("authorization").path("mode").asText());
    assertEquals(2, config.path("logging").path("verbosity").asInt());
    assertEquals("/system", config.path("systemReservedCgroup").asText());
    assertEquals("/runtime", config.path("kubeReservedCgroup").asText());

    String dropIn = text(run, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf");
    for (String flag : List.of("--cloud-provider=external", "--node-ip=10.0.1.23",
        "--hostname-override=ip-10-0-1-23.us-west-2.compute.internal",
        "--image-credential-provider-config=/etc/eks/image-credential-provider/config.json",
        "--image-credential-provider-bin-dir=/etc/eks/image-credential-provider")) {
      assertTrue(dropIn.contains(flag + " ") || dropIn.contains(flag + "\n"), flag);
    }
    String containerd = text(run, "/etc/containerd/config.toml");
    assertTrue(containerd.contains("sandbox_image = \"602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10\""));
    assertTrue(containerd.contains("SystemdCgroup = true"));
    assertTrue(containerd.contains("discard_unpacked_layers = true"));
    assertTrue(containerd.contains("config_path = \"/etc/containerd/certs.d:/etc/docker/certs.d\""));
    assertTrue(containerd.contains("version = 2"));
    JsonNode spec = JSON.readTree(text(run, "/etc/containerd/base-runtime-spec.json"));
    JsonNode nofile = spec.path("process").path("rlimits").get(0);
    assertEquals("RLIMIT_NOFILE", nofile.path("type").asText());
    assertEquals(65536, nofile.path("soft").asInt());
    assertEquals(1048576, nofile.path("hard").asInt());
    String kubeconfig = text(run, "/var/lib/kubelet/kubeconfig");
    assertTrue(kubeconfig.contains("      - --cluster-name\n      - prod\n      - --region\n      - us-west-2\n"), kubeconfig);
    assertTrue(kubeconfig.contains("apiVersion: client.authentication.k8s.io/v1beta1"));
    assertEquals(0600, run.files().get("/var/lib/kubelet/kubeconfig").mode());
    assertEquals(0644, run.files().get("/etc/kubernetes/pki/ca.crt").mode());
    JsonNode ecr = JSON.readTree(text(run, "/etc/eks/image-credential-provider/config.json")).path("providers").get(0);
    assertEquals("credentialprovider.kubelet.k8s.io/v1", ecr.path("apiVersion").asText());
    assertEquals("12h", ecr.path("defaultCacheDuration").asText());
    assertEquals(MATCH_IMAGES, JSON.convertValue(ecr.path("matchImages"), List.class), "kubelet 1.31: no ecr-public.aws.com");
    assertTrue(dropIn.contains("--runtime-cgroups=/runtime.slice/containerd.service "), dropIn);
    assertTrue(!containerd.contains("enable_cdi"), "kubelet 1.31: containerd 1.x leaves CDI off");
    assertEquals(Map.of("RotateKubeletServerCertificate", true), JSON.convertValue(config.path("featureGates"), Map.class));
    assertTrue(config.path("shutdownGracePeriod").isMissingNode() && config.path("shutdownGracePeriodCriticalPods").isMissingNode());
  }

  /** nodeadm's credential provider {@code matchImages} for every kubelet; 1.32 and later add {@code ecr-public.aws.com}. */
  private static final List<String> MATCH_IMAGES = List.of(
      "*.dkr.ecr.*.amazonaws.com", "*.dkr-ecr.*.on.aws", "*.dkr.ecr.*.amazonaws.com.cn", "*.dkr-ecr.*.on.amazonwebservices.com.cn",
      "*.dkr.ecr-fips.*.amazonaws.com", "*.dkr-ecr-fips.*.on.aws", "*.dkr.ecr.*.c2s.ic.gov", "*.dkr.ecr.*.sc2s.sgov.gov",
      "*.dkr.ecr.*.cloud.adc-e.uk", "*.dkr.ecr.*.csp.hci.ic.gov", "*.dkr.ecr.*.amazonaws.eu", "public.ecr.aws");

  private static final String PAUSE = "602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.10";

  private static TomlParseResult containerdConfig(Expected run) {
    TomlParseResult toml = Toml.parse(text(run, "/etc/containerd/config.toml"));
    assertTrue(!toml.hasErrors(), toml.errors().toString());
    return toml;
  }

  private static Object at(TomlParseResult toml, String... path) {
    return toml.get(List.of(path));
  }

  @Test
  void kubelet132OnContainerd2GetsVersion3WithCdiAndEcrPublicsOwnName() throws Exception {
    Expected run = expected("kubelet-1-32-containerd-2");
    TomlParseResult toml = containerdConfig(run);
    String images = "io.containerd.cri.v1.images";
    String runtime = "io.containerd.cri.v1.runtime";
    assertEquals(3L, toml.getLong("version"));
    assertEquals("/run/containerd/containerd.sock", at(toml, "grpc", "address"));
    assertEquals(false, at(toml, "plugins", images, "discard_unpacked_layers"), "the user's version-2 key, translated");
    assertEquals(5L, at(toml, "plugins", images, "max_concurrent_downloads"), "the user's version-2 key, translated");
    assertEquals(PAUSE, at(toml, "plugins", images, "pinned_images", "sandbox"));
    assertEquals("/etc/containerd/certs.d:/etc/docker/certs.d", at(toml, "plugins", images, "registry", "config_path"));
    assertEquals(true, at(toml, "plugins", runtime, "enable_cdi"));
    assertEquals("runc", at(toml, "plugins", runtime, "containerd", "default_runtime_name"));
    assertEquals("io.containerd.runc.v2", at(toml, "plugins", runtime, "containerd", "runtimes", "runc", "runtime_type"));
    assertEquals("/etc/containerd/base-runtime-spec.json", at(toml, "plugins", runtime, "containerd", "runtimes", "runc", "base_runtime_spec"));
    assertEquals(true, at(toml, "plugins", runtime, "containerd", "runtimes", "runc", "options", "SystemdCgroup"));
    assertEquals("/usr/sbin/runc", at(toml, "plugins", runtime, "containerd", "runtimes", "runc", "options", "BinaryName"));
    assertEquals("/opt/cni/bin", at(toml, "plugins", runtime, "cni", "bin_dir"));
    assertEquals("/etc/cni/net.d", at(toml, "plugins", runtime, "cni", "conf_dir"));
    assertTrue(at(toml, "plugins", "io.containerd.grpc.v1.cri") == null, "no version-2 CRI table left");
    JsonNode ecr = JSON.readTree(text(run, "/etc/eks/image-credential-provider/config.json")).path("providers").get(0);
    List<String> from132 = new java.util.ArrayList<>(MATCH_IMAGES);
    from132.add("ecr-public.aws.com");
    assertEquals(from132, JSON.convertValue(ecr.path("matchImages"), List.class));
    JsonNode config = kubeletConfig(run);
    assertEquals(Map.of("RotateKubeletServerCertificate", true), JSON.convertValue(config.path("featureGates"), Map.class));
    assertTrue(config.path("shutdownGracePeriod").isMissingNode());
  }

  @Test
  void kubelet133OnContainerd17GetsVersion2WithCdiAndDynamicResourceAllocation() throws Exception {
    Expected run = expected("kubelet-1-33");
    TomlParseResult toml = containerdConfig(run);
    assertEquals(2L, toml.getLong("version"), "containerd --version says 1.7");
    assertEquals(true, at(toml, "plugins", "io.containerd.grpc.v1.cri", "enable_cdi"));
    assertEquals(PAUSE, at(toml, "plugins", "io.containerd.grpc.v1.cri", "sandbox_image"));
    JsonNode config = kubeletConfig(run);
    assertEquals(Map.of("RotateKubeletServerCertificate", true, "DynamicResourceAllocation", true),
        JSON.convertValue(config.path("featureGates"), Map.class));
    assertTrue(config.path("shutdownGracePeriod").isMissingNode() && config.path("shutdownGracePeriodCriticalPods").isMissingNode());
  }

  @Test
  void kubelet134GetsGracefulShutdownAndMutableCsiNodeAllocatableCountAndAVersion3UserDocumentMerges() throws Exception {
    Expected run = expected("kubelet-1-34-containerd-2");
    JsonNode config = kubeletConfig(run);
    assertEquals("2m30s", config.path("shutdownGracePeriod").asText());
    assertEquals("30s", config.path("shutdownGracePeriodCriticalPods").asText());
    assertEquals(Map.of("RotateKubeletServerCertificate", true, "DynamicResourceAllocation", true, "MutableCSINodeAllocatableCount", true),
        JSON.convertValue(config.path("featureGates"), Map.class));
    TomlParseResult toml = containerdConfig(run);
    String runc = "io.containerd.cri.v1.runtime";
    assertEquals(3L, toml.getLong("version"));
    assertEquals(4L, at(toml, "plugins", "io.containerd.cri.v1.images", "max_concurrent_downloads"));
    assertEquals(true, at(toml, "plugins", "io.containerd.cri.v1.images", "discard_unpacked_layers"));
    assertEquals(true, at(toml, "plugins", runc, "containerd", "runtimes", "runc", "options", "NoNewKeyring"));
    assertEquals("/usr/sbin/runc", at(toml, "plugins", runc, "containerd", "runtimes", "runc", "options", "BinaryName"),
        "the user's runc options merge key by key");
    assertEquals(PAUSE, at(toml, "plugins", "io.containerd.cri.v1.images", "pinned_images", "sandbox"));
  }

  @Test
  void aGpuNodeIsLabelledGpuPresentFromKubelet135() throws Exception {
    String flags134 = text(expected("kubelet-1-34-gpu"), "/etc/systemd/system/kubelet.service.d/10-eksnode.conf");
    String flags135 = text(expected("kubelet-1-35-gpu"), "/etc/systemd/system/kubelet.service.d/10-eksnode.conf");
    assertTrue(!flags134.contains("nvidia.com/gpu.present"), flags134);
    assertTrue(flags135.contains("nvidia.com/gpu.present=true"), flags135);
  }

  @Test
  void m4XlargeGets58PodsAnd893MiAnd80mAndTheDnsOf172Range() throws Exception {
    JsonNode config = kubeletConfig(expected("m4-xlarge-merged-kubelet-config"));
    assertEquals(58, config.path("maxPods").asInt());
    assertEquals("893Mi", config.path("kubeReserved").path("memory").asText());
    assertEquals("80m", config.path("kubeReserved").path("cpu").asText());
    assertEquals("172.20.0.10", config.path("clusterDNS").get(0).asText());
  }

  @Test
  void prefixDelegationOnT3MediumIsCappedAt110AndReservesFromIt() throws Exception {
    JsonNode config = kubeletConfig(expected("t3-medium-prefix-delegation"));
    assertEquals(110, config.path("maxPods").asInt());
    assertEquals("1465Mi", config.path("kubeReserved").path("memory").asText());
  }

  @Test
  void ipv6ClusterGetsTheIpv6DnsAndNodeIp() throws Exception {
    Expected run = expected("ipv6-cluster");
    JsonNode config = kubeletConfig(run);
    assertEquals("fd12:3456:789a::a", config.path("clusterDNS").get(0).asText());
    assertEquals("::", config.path("address").asText());
    assertTrue(text(run, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf").contains("--node-ip=2600:1f14:abc:de00:1234:5678:9abc:def0 "));
  }

  @Test
  void chinaRegionUsesItsDnsSuffixAndEcrAccount() throws Exception {
    Expected run = expected("china-region");
    assertTrue(text(run, "/etc/containerd/config.toml").contains("\"918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/eks/pause:3.10\""));
  }

  @Test
  void unknownInstanceTypeGets110PodsAfterAskingEc2Once() throws Exception {
    Expected run = expected("unknown-type-default");
    JsonNode config = kubeletConfig(run);
    assertEquals(110, config.path("maxPods").asInt());
    assertEquals("1465Mi", config.path("kubeReserved").path("memory").asText());
    assertEquals("80m", config.path("kubeReserved").path("cpu").asText(), "4 processors in /proc/cpuinfo");
    assertEquals(Map.of("ec2 DescribeInstanceTypes", 1), run.awsCalls());
  }

  @Test
  void c512xlargeGets234PodsFromTheBuiltInTableWithoutAnyAwsCall() throws Exception {
    Expected run = expected("c5-12xlarge-built-in-table");
    JsonNode config = kubeletConfig(run);
    assertEquals(234, config.path("maxPods").asInt(), "8 ENIs x (30 IPv4 - 1) + 2");
    assertEquals("2829Mi", config.path("kubeReserved").path("memory").asText());
    assertEquals("190m", config.path("kubeReserved").path("cpu").asText(), "48 vCPUs in /sys/devices/system/cpu/online");
    assertEquals(Map.of(), run.awsCalls(), "no baked table, yet no DescribeInstanceTypes");
  }

  @Test
  void instanceIdNodeNameOverridesTheHostname() throws Exception {
    Expected run = expected("instance-id-node-name");
    assertTrue(text(run, "/etc/systemd/system/kubelet.service.d/10-eksnode.conf").contains("--hostname-override=i-0a1b2c3d4e5f60005 "));
  }

  @Test
  void kubeletBelow130GetsTheDropInAlphaSwitch() throws Exception {
    Expected run = expected("kubelet-1-29-alpha-drop-in");
    assertTrue(text(run, "/etc/systemd/system/kubelet.service.d/00-eksnode-environment.conf")
        .contains("Environment=\"KUBELET_CONFIG_DROPIN_DIR_ALPHA=on\""));
    assertTrue(run.files().containsKey("/etc/kubernetes/kubelet/config.json.d/00-eksnode-user.conf"));
  }
}
