package dev.eksnode.plugins.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SDK's IMDSv2 client, driven through the standard endpoint variable against the loopback emulator. */
class InstanceMetadataTest {

  private static final String INSTANCE =
      """
      {"meta-data": {"instance-id": "i-0123", "placement": {"region": "us-west-2"}}}
      """;

  @Test
  void readsValuesWithOneTokenAndReports404AsAbsent() throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(INSTANCE);
        InstanceMetadata client = InstanceMetadata.connect(new AwsEnvironment(new EnvironmentHost(imds.environment())))) {
      Map<String, Optional<String>> values =
          client.getAll(List.of("meta-data/instance-id", "meta-data/placement/region", "meta-data/outpost-arn"));
      assertEquals(Optional.of("i-0123"), values.get("meta-data/instance-id"));
      assertEquals(Optional.of("us-west-2"), values.get("meta-data/placement/region"));
      assertEquals(Optional.empty(), values.get("meta-data/outpost-arn"));
      assertEquals(1, imds.requests().get("PUT /latest/api/token"), "the session token is fetched once and reused");
    }
  }

  @Test
  void retriesAnOverloadedServiceWithBackoff() throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(INSTANCE);
        InstanceMetadata client = InstanceMetadata.connect(new AwsEnvironment(new EnvironmentHost(imds.environment())))) {
      imds.failNext("meta-data/instance-id", 2);
      assertEquals(Optional.of("i-0123"), client.get("meta-data/instance-id"));
      assertEquals(3, imds.requests().get("GET /latest/meta-data/instance-id"), "two 503s, then the answer");
    }
  }

  @Test
  void bypassesProxiesConfiguredForTheJvm() throws Exception {
    String host = System.getProperty("http.proxyHost");
    String port = System.getProperty("http.proxyPort");
    try (ServerSocket deadProxy = new ServerSocket(0);
        MetadataEmulator imds = MetadataEmulator.start(INSTANCE)) {
      System.setProperty("http.proxyHost", "127.0.0.1");
      System.setProperty("http.proxyPort", String.valueOf(deadProxy.getLocalPort()));
      System.setProperty("http.nonProxyHosts", "none");
      try (InstanceMetadata client = InstanceMetadata.connect(new AwsEnvironment(new EnvironmentHost(imds.environment())))) {
        assertEquals(Optional.of("i-0123"), client.get("meta-data/instance-id"));
      }
    } finally {
      restore("http.proxyHost", host);
      restore("http.proxyPort", port);
      System.clearProperty("http.nonProxyHosts");
    }
  }

  @Test
  void givesUpAtTheDeadlineNamingTheEndpoint() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    Map<String, String> env =
        Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + port, "EKSNODE_IMDS_DEADLINE_SECONDS", "1.5");
    try (InstanceMetadata client = InstanceMetadata.connect(new AwsEnvironment(new EnvironmentHost(env)))) {
      EksnodeException e = assertThrows(EksnodeException.class, () -> client.get("meta-data/instance-id"));
      assertTrue(e.getMessage().contains("http://127.0.0.1:" + port), e.getMessage());
      assertTrue(e.getMessage().contains("within the deadline of 1.5 s (EKSNODE_IMDS_DEADLINE_SECONDS)"), e.getMessage());
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
