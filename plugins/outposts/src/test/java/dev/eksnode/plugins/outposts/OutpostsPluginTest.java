package dev.eksnode.plugins.outposts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.node.Documents;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.KubeletVariant;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.PluginHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutpostsPluginTest {

  private static final String ARN = "arn:aws:outposts:us-west-2:111122223333:outpost/op-0123456789abcdef0";
  private static final String ENDPOINT = "https://api.local.example:443";
  private static final String HOSTS = "127.0.0.1   localhost localhost.localdomain\n::1         localhost6\n";

  @TempDir Path root;

  @BeforeEach
  void baseRoot() throws IOException {
    write("/etc/hosts", HOSTS);
    // Answers from /etc/hosts first, as glibc does, then from "DNS" (two control plane addresses).
    standIn("/usr/bin/getent",
        """
        #!/bin/sh
        root=$(dirname "$0")/../..
        echo x >> "$root/tmp/getent-calls"
        [ -f "$root/tmp/dns-down" ] && exit 2
        [ "$2" = "api.local.example" ] || exit 2
        if grep -q "api.local.example" "$root/etc/hosts"; then
          awk '$2 == "api.local.example" { print $1 "  STREAM api.local.example" }' "$root/etc/hosts"
          exit 0
        fi
        echo "10.0.4.17       STREAM api.local.example"
        echo "10.0.4.17       DGRAM  "
        echo "10.0.4.17       RAW    "
        echo "10.0.5.33       STREAM "
        """);
    Files.createDirectories(root.resolve("tmp"));
  }

  private PluginHarness.Run run(String toml, Optional<String> arn, Optional<String> clusterId) {
    return harness(toml, arn, clusterId).run(Phase.BOOT);
  }

  /** An m5d.large, on the Outpost {@code arn} when present, joining {@link #ENDPOINT}, a local cluster when {@code clusterId} is present. */
  private PluginHarness harness(String toml, Optional<String> arn, Optional<String> clusterId) {
    InstanceInfo instance = new InstanceInfo("i-0123456789abcdef0", "m5d.large", "us-west-2", "us-west-2a", "10.0.1.23",
        Optional.empty(), "0e:00:00:00:00:01", "ip-10-0-1-23.us-west-2.compute.internal", "amazonaws.com",
        List.of("10.0.0.0/16"), List.of(), arn, Map.of());
    return new PluginHarness(root, new OutpostsPlugin()).config(toml).instance(instance)
        .cluster(PluginHarness.cluster(ENDPOINT, "10.100.0.0/16", clusterId));
  }

  @Test
  void pinsApiServerAddressesAndAsksForTheClusterIdBootstrapKubeconfig() throws IOException {
    var result = run("", Optional.of(ARN), Optional.of("0123abcd-1234-5678-9abc-0123456789ab"));

    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertEquals(List.of(Map.of("10.0.4.17", List.of("api.local.example"), "10.0.5.33", List.of("api.local.example"))),
        result.contributions(Documents.HOSTS_ENTRIES));
    assertEquals(List.of("10.0.4.17", "10.0.5.33"), List.copyOf(result.contributions(Documents.HOSTS_ENTRIES).getFirst().keySet()),
        "in the order getent returned them");
    assertEquals(HOSTS + PluginHarness.HOSTS_BEGIN + "\n10.0.4.17\tapi.local.example\n10.0.5.33\tapi.local.example\n"
        + PluginHarness.HOSTS_END + "\n", read("/etc/hosts"));
    assertEquals(List.of(KubeletVariant.outpost("0123abcd-1234-5678-9abc-0123456789ab")),
        result.contributions(Documents.KUBELET_VARIANT));
  }

  @Test
  void reRunAddsNoDuplicateHostsLines() throws IOException {
    run("", Optional.of(ARN), Optional.of("local-1"));
    String first = read("/etc/hosts");
    var again = run("", Optional.of(ARN), Optional.of("local-1"));

    assertEquals(first, read("/etc/hosts"));
    assertEquals("unchanged", again.step("core/etc-hosts").outcome());
    assertEquals(1, first.lines().filter(l -> l.equals("10.0.4.17\tapi.local.example")).count());
  }

  @Test
  void reRunResolvingFromItsOwnLinesKeepsThem() throws IOException {
    run("", Optional.of(ARN), Optional.of("local-1"));
    String first = read("/etc/hosts");
    Files.writeString(root.resolve("tmp/getent-calls"), "");
    run("", Optional.of(ARN), Optional.of("local-1"));
    assertEquals(first, read("/etc/hosts"));
    assertEquals(1, Files.readString(root.resolve("tmp/getent-calls")).lines().count(), "resolved once");
  }

  @Test
  void retriesABoundedNumberOfTimesThenFailsNamingTheHost() throws IOException {
    Files.writeString(root.resolve("tmp/dns-down"), "");
    var result = run("[plugins.outposts]\nresolveAttempts = 3\nresolveIntervalSeconds = 0\n",
        Optional.of(ARN), Optional.of("local-1"));

    var step = result.step("outposts/api-server-hosts");
    assertEquals("failed", step.outcome());
    assertEquals("cannot resolve the API server api.local.example after 3 attempts (name not found); "
        + "the local cluster's control plane must be reachable to pin it in /etc/hosts", step.detail());
    assertEquals(3, Files.readString(root.resolve("tmp/getent-calls")).lines().count());
    assertEquals(HOSTS, read("/etc/hosts"));
  }

  @Test
  void clusterIdFromPluginConfigWinsOverCoreCluster() {
    var result = run("[plugins.outposts]\nclusterId = \"from-plugin\"\n", Optional.of(ARN), Optional.of("from-core"));
    assertEquals(List.of(KubeletVariant.outpost("from-plugin")), result.contributions(Documents.KUBELET_VARIANT));
  }

  @Test
  void skipsOffAnOutpost() throws IOException {
    var result = run("", Optional.empty(), Optional.empty());
    assertEquals("skipped", result.step("outposts/api-server-hosts").outcome());
    assertEquals("not on an Outpost and no local cluster configured", result.step("outposts/kubeconfig").detail());
    assertEquals(List.of(), result.contributions(Documents.KUBELET_VARIANT));
    assertEquals(HOSTS, read("/etc/hosts"));
  }

  @Test
  void skipsOnAnOutpostWithoutLocalClusterId() {
    var result = run("", Optional.of(ARN), Optional.empty());
    assertEquals("skipped", result.step("outposts/kubeconfig").outcome());
    assertTrue(result.step("outposts/kubeconfig").detail().startsWith("on Outpost " + ARN + " but no local cluster id"));
  }

  @Test
  void kubeletConfigPathIsPassedOn() {
    var result = run("[plugins.outposts]\nkubeletConfigPath = \"/etc/kubernetes/kubelet/outpost.json\"\n",
        Optional.of(ARN), Optional.of("local-1"));
    assertEquals(List.of(new KubeletVariant(Optional.of("local-1"), true, Optional.of("/etc/kubernetes/kubelet/outpost.json"))),
        result.contributions(Documents.KUBELET_VARIANT));
  }

  @Test
  void withoutCoreFactsSkipsInsteadOfBreakingThePhase() {
    var result = new PluginHarness(root, new OutpostsPlugin()).noInstance().run(Phase.BOOT);
    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertEquals("the core plugin published no instance and cluster facts (core/instance-data, core/cluster)",
        result.step("outposts/api-server-hosts").detail());
  }

  @Test
  void configuredOffRunsNothing() {
    var result = run("[plugins.outposts]\nenabled = false\n", Optional.of(ARN), Optional.of("local-1"));
    assertTrue(result.report().steps().stream().noneMatch(s -> s.id().startsWith("outposts/")));
  }

  @Test
  void reportsBadSettingsTogether() {
    ConfigException error =
        harness("[plugins.outposts]\nresolveAttempts = 0\nresolveIntervalSeconds = 600\nclusterId = \"a b\"\n"
                + "kubeletConfigPath = \"etc/x\"\n",
            Optional.of(ARN), Optional.empty()).refusal();
    assertEquals(List.of("plugins.outposts.clusterId", "plugins.outposts.kubeletConfigPath", "plugins.outposts.resolveAttempts",
        "plugins.outposts.resolveIntervalSeconds"), error.problems().stream().map(p -> p.key()).sorted().toList());
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path.substring(1)));
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void standIn(String path, String script) throws IOException {
    write(path, script);
    Files.setPosixFilePermissions(root.resolve(path.substring(1)), PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
