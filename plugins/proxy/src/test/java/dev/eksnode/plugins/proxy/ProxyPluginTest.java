package dev.eksnode.plugins.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.ProxySettings;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.PluginHarness;
import dev.eksnode.tck.SystemdVerify;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyPluginTest {

  private static final String ENV = "/etc/eksnode/proxy.env";
  private static final String CA_PEM =
      """
      -----BEGIN CERTIFICATE-----
      MIIBhDCCASugAwIBAgIUDI81BMm6ZPQBEulJ7zkcVE64oeQwCgYIKoZIzj0EAwIw
      GDEWMBQGA1UEAwwNdGVzdCBwcm94eSBDQTAeFw0yNjExMjQxMjAzNTNaFw0zNjEx
      MjExMjAzNTNaMBgxFjAUBgNVBAMMDXRlc3QgcHJveHkgQ0EwWTATBgcqhkjOPQIB
      BggqhkjOPQMBBwNCAARMet8mqzulqkfQd2ksTe+ON384lVaEg9H6m/b8m1d6ZESv
      JjpO4B5E6tY2LA6PpHk06nxQc7hZ3Newrozo5l08o1MwUTAdBgNVHQ4EFgQUtU6l
      n24NIeh/7CEvDu0+IaPcQ3swHwYDVR0jBBgwFoAUtU6ln24NIeh/7CEvDu0+IaPc
      Q3swDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAXurbrGBgBfrHb
      3yYeKWVfVR1GTyp4L3OL5lzvk2f1eQIgBIx/MEhW82H5UECgtAc+SOgCMBwOrDqK
      Ktqv1hPDCDA=
      -----END CERTIFICATE-----
      """;

  @TempDir Path root;

  private PluginHarness.Run run(String toml, String endpoint, String serviceCidr) {
    return harness(toml, endpoint, serviceCidr).run(Phase.BOOT);
  }

  /** The refusal of a configuration. */
  private ConfigException refusal(String toml) {
    return harness(toml, "https://x.eks.example", "10.100.0.0/16").refusal();
  }

  /** An instance in a VPC with two IPv4 CIDRs, both of which NO_PROXY must list. */
  private PluginHarness harness(String toml, String endpoint, String serviceCidr) {
    InstanceInfo instance = new InstanceInfo("i-0123456789abcdef0", "m5d.large", "us-west-2", "us-west-2a", "10.0.1.23",
        Optional.empty(), "0e:00:00:00:00:01", "ip-10-0-1-23.us-west-2.compute.internal", "amazonaws.com",
        List.of("10.0.0.0/16", "10.1.0.0/16"), List.of(), Optional.empty(), Map.of());
    return new PluginHarness(root, new ProxyPlugin()).config(toml).instance(instance)
        .cluster(PluginHarness.cluster(endpoint, serviceCidr));
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path.substring(1)));
  }

  private String mode(String path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path.substring(1))));
  }

  @Test
  void writesRootOnlyEnvironmentFileWithCompletedNoProxy() throws IOException {
    var result = run(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        noProxy = [".corp.example", "10.0.0.0/16"]
        """,
        "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com", "10.100.0.0/16");

    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertEquals(
        """
        # Written by eksnode (proxy plugin). Root only (0600): the proxy URLs may carry credentials.
        HTTP_PROXY="http://proxy.internal:3128"
        http_proxy="http://proxy.internal:3128"
        HTTPS_PROXY="http://proxy.internal:3128"
        https_proxy="http://proxy.internal:3128"
        NO_PROXY="localhost,127.0.0.1,::1,169.254.169.254,fd00:ec2::254,10.100.0.0/16,10.0.0.0/16,10.1.0.0/16,.corp.example"
        no_proxy="localhost,127.0.0.1,::1,169.254.169.254,fd00:ec2::254,10.100.0.0/16,10.0.0.0/16,10.1.0.0/16,.corp.example"
        """,
        read(ENV));
    assertEquals("rw-------", mode(ENV));
    for (String service : List.of("containerd", "kubelet", "eksnode-bootstrap")) {
      String dropIn = "/etc/systemd/system/" + service + ".service.d/20-eksnode-proxy.conf";
      assertTrue(read(dropIn).contains("EnvironmentFile=/etc/eksnode/proxy.env\n"), dropIn);
      assertEquals("rw-r--r--", mode(dropIn));
    }
    assertEquals(List.of("systemctl daemon-reload"), result.step("proxy/environment").actions());
    assertFalse(Files.exists(root.resolve("etc/systemd/system.conf.d")), "system-wide is off by default");

    ProxySettings fact = result.fact(NodeFacts.PROXY).orElseThrow();
    assertEquals(Optional.of(URI.create("http://proxy.internal:3128")), fact.httpsProxy());
    assertEquals("169.254.169.254", fact.noProxy().get(3));
  }

  @Test
  void onlyTheListedServicesGetTheProxy() {
    run("""
        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        services = ["containerd", "soci-snapshotter.service"]
        """, "https://x.eks.example", "10.100.0.0/16");
    assertTrue(Files.exists(root.resolve("etc/systemd/system/containerd.service.d/20-eksnode-proxy.conf")));
    assertTrue(Files.exists(root.resolve("etc/systemd/system/soci-snapshotter.service.d/20-eksnode-proxy.conf")));
    assertFalse(Files.exists(root.resolve("etc/systemd/system/kubelet.service.d")));
  }

  @Test
  void aBareHostAndPortIsAnHttpProxy() throws IOException {
    run("""
        [plugins.proxy]
        enabled = true
        httpsProxy = "proxy.internal:3128"
        """, "https://x.eks.example", "10.100.0.0/16");
    assertTrue(read(ENV).contains("HTTPS_PROXY=\"http://proxy.internal:3128\"\n"), read(ENV));
  }

  @Test
  void reRunChangesNothing() {
    String toml = """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        """;
    run(toml, "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com", "10.100.0.0/16");
    var again = run(toml, "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com", "10.100.0.0/16");
    assertEquals("unchanged", again.step("proxy/environment").outcome());
  }

  @Test
  void credentialsAppearOnlyInTheRootOnlyEnvironmentFile() throws IOException {
    var result = run(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://build:s3cr%24t@proxy.internal:3128"
        httpsProxy = "http://build:s3cr%24t@proxy.internal:3129"
        """,
        "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com", "10.100.0.0/16");

    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    List<String> holding = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (Files.readString(file, StandardCharsets.ISO_8859_1).contains("s3cr")) {
          holding.add("/" + root.relativize(file));
          assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
              Files.getPosixFilePermissions(file), file.toString());
        }
      }
    }
    assertEquals(List.of(ENV), holding, "files holding the proxy password");
    assertTrue(read(ENV).contains("HTTPS_PROXY=\"http://build:s3cr%24t@proxy.internal:3129\"\n"));
    assertFalse(result.report().toString().contains("s3cr"), "run report");
    ProxySettings fact = result.fact(NodeFacts.PROXY).orElseThrow();
    assertTrue(fact.toString().contains("http://***@proxy.internal:3128"), fact.toString());
    assertFalse(fact.toString().contains("s3cr"), fact.toString());
  }

  @Test
  void ipv6ClusterAndProxyKeepAddressesAndReachPrivateApiServerDirectly() throws IOException {
    var result = run(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://[fd00:10::3128]:3128"
        """,
        "https://[fd00:10::443]:443", "fd12:3456:789a::/108");

    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertTrue(read(ENV).contains("HTTP_PROXY=\"http://[fd00:10::3128]:3128\"\n"), read(ENV));
    assertTrue(read(ENV).contains(
        "NO_PROXY=\"localhost,127.0.0.1,::1,169.254.169.254,fd00:ec2::254,fd12:3456:789a::/108,10.0.0.0/16,10.1.0.0/16,fd00:10::443\"\n"),
        read(ENV));
  }

  @Test
  void apiServerNameGoesDirectOnlyWhenItResolvesInsideTheVpc() throws IOException {
    String toml = """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        """;
    standIn("/usr/bin/getent",
        """
        #!/bin/sh
        [ "$2" = "private.eks.example" ] || exit 2
        echo "10.0.7.12       STREAM $2"
        echo "10.0.7.12       DGRAM  "
        echo "10.1.9.40       STREAM "
        """);
    run(toml, "https://private.eks.example", "10.100.0.0/16");
    assertTrue(read(ENV).contains(",10.1.0.0/16,private.eks.example\"\n"), read(ENV));

    run(toml, "https://public.eks.example", "10.100.0.0/16");
    assertFalse(read(ENV).contains("eks.example"), "a name that does not resolve is proxied: " + read(ENV));
  }

  @Test
  void systemWideSetsTheManagerEnvironment() throws Exception {
    var result = run(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        systemWide = true
        autoNoProxy = false
        """,
        "https://ABCDEF.gr7.us-west-2.eks.amazonaws.com", "10.100.0.0/16");

    String dropIn = "/etc/systemd/system.conf.d/20-eksnode-proxy.conf";
    assertEquals(
        """
        # Written by eksnode (proxy plugin): the proxy for every service systemd starts.
        [Manager]
        DefaultEnvironment="HTTP_PROXY=http://proxy.internal:3128" "http_proxy=http://proxy.internal:3128" "HTTPS_PROXY=http://proxy.internal:3128" "https_proxy=http://proxy.internal:3128" "NO_PROXY=169.254.169.254,fd00:ec2::254" "no_proxy=169.254.169.254,fd00:ec2::254"
        """,
        read(dropIn));
    assertEquals(
        List.of("run systemctl set-environment HTTP_PROXY=http://proxy.internal:3128 http_proxy=http://proxy.internal:3128"
                + " HTTPS_PROXY=http://proxy.internal:3128 https_proxy=http://proxy.internal:3128"
                + " NO_PROXY=169.254.169.254,fd00:ec2::254 no_proxy=169.254.169.254,fd00:ec2::254",
            "systemctl daemon-reload"),
        result.step("proxy/environment").actions());
  }

  @Test
  void refusesCredentialsInTheWorldReadableManagerEnvironmentWithoutEchoingThem() {
    var error = refusal(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://build:s3cret@proxy.internal:3128"
        systemWide = true
        """);
    assertEquals(1, error.problems().size(), error.getMessage());
    assertEquals("plugins.proxy.systemWide", error.problems().getFirst().key());
    assertFalse(error.getMessage().contains("s3cret"), error.getMessage());
  }

  @Test
  void reportsEveryBadSettingAtOnceAndRedactsUrls() {
    var error = refusal(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "socks5://u:s3cret@proxy.internal:1080"
        httpsProxy = "http://u:s3cret@proxy.internal:3128/path"
        noProxy = ["a b"]
        apiServerDirect = "sometimes"
        caBundle = "not a certificate"
        httpProxi = "x"
        """);
    List<String> keys = error.problems().stream().map(p -> p.key()).sorted().toList();
    assertEquals(List.of("plugins.proxy.apiServerDirect", "plugins.proxy.caBundle", "plugins.proxy.httpProxi",
        "plugins.proxy.httpProxy", "plugins.proxy.httpsProxy", "plugins.proxy.noProxy"), keys, error.getMessage());
    assertFalse(error.getMessage().contains("s3cret"), error.getMessage());
    assertTrue(error.getMessage().contains("socks5://***@proxy.internal:1080"), error.getMessage());
  }

  @Test
  void enabledWithoutProxySkipsSayingWhatIsMissing() {
    var result = run("[plugins.proxy]\nenabled = true\n", "https://x.eks.example", "10.100.0.0/16");
    assertEquals("skipped", result.step("proxy/environment").outcome());
    assertEquals("no proxy configured (plugins.proxy.httpProxy or httpsProxy)", result.step("proxy/environment").detail());
    assertFalse(Files.exists(root.resolve("etc/eksnode")));
  }

  @Test
  void installsTheProxyCaAndRefreshesTheTrustStore() throws IOException {
    var result = run(
        """
        [plugins.proxy]
        enabled = true
        httpsProxy = "http://proxy.internal:3128"
        caBundle = \"\"\"
        %s\"\"\"
        """.formatted(CA_PEM),
        "https://x.eks.example", "10.100.0.0/16");
    assertEquals(CA_PEM, read("/etc/pki/ca-trust/source/anchors/eksnode-proxy-ca.pem"));
    assertEquals(List.of("run update-ca-trust extract"), result.step("proxy/ca-bundle").actions());
    assertFalse(read(ENV).contains("HTTP_PROXY="), "only the HTTPS proxy is set");
  }

  @Test
  void dropInsPassSystemdVerify(@TempDir Path units) throws Exception {
    run(
        """
        [plugins.proxy]
        enabled = true
        httpProxy = "http://u:p@proxy.internal:3128"
        """,
        "https://x.eks.example", "10.100.0.0/16");
    for (String service : List.of("containerd", "kubelet", "eksnode-bootstrap")) {
      Files.writeString(units.resolve(service + ".service"),
          "[Unit]\nDescription=stand-in for " + service + "\n[Service]\nExecStart=/bin/true\n");
    }
    SystemdVerify.verify(List.of(root.resolve("etc/systemd/system"), units),
        List.of("containerd.service", "kubelet.service", "eksnode-bootstrap.service"));
  }

  private void standIn(String path, String script) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
