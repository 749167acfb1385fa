package dev.eksnode.plugins.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.node.ProxySettings;
import dev.eksnode.spi.EksnodeException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwsEnvironmentTest {

  private static AwsEnvironment of(Map<String, String> env) {
    return new AwsEnvironment(new EnvironmentHost(env));
  }

  @Test
  void metadataEndpointDefaultsToTheLinkLocalAddressOfTheChosenFamily() {
    assertEquals(URI.create("http://169.254.169.254"), of(Map.of()).metadataEndpoint());
    assertEquals(URI.create("http://[fd00:ec2::254]"), of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")).metadataEndpoint());
    assertEquals(URI.create("http://127.0.0.1:9"), of(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")).metadataEndpoint());
  }

  @Test
  void ec2EndpointPrefersTheServiceSpecificVariable() {
    assertEquals(Optional.of(URI.create("http://a:1")), of(Map.of("AWS_ENDPOINT_URL_EC2", "http://a:1", "AWS_ENDPOINT_URL", "http://b:2")).ec2Endpoint());
    assertEquals(Optional.of(URI.create("http://b:2")), of(Map.of("AWS_ENDPOINT_URL", "http://b:2")).ec2Endpoint());
    assertEquals(Optional.empty(), of(Map.of()).ec2Endpoint());
  }

  @Test
  void badValuesAreNamed() {
    EksnodeException e = assertThrows(EksnodeException.class, () -> of(Map.of("AWS_ENDPOINT_URL_EC2", "not a url")).ec2Endpoint());
    assertTrue(e.getMessage().startsWith("AWS_ENDPOINT_URL_EC2: \"not a url\""), e.getMessage());
    assertThrows(EksnodeException.class, () -> of(Map.of("EKSNODE_IMDS_DEADLINE_SECONDS", "soon")).metadataDeadline());
    assertEquals(Duration.ofMillis(1500), of(Map.of("EKSNODE_IMDS_DEADLINE_SECONDS", "1.5")).metadataDeadline());
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    AwsEnvironment.StaticKeys keys = of(Map.of("AWS_ACCESS_KEY_ID", "AKIA1", "AWS_SECRET_ACCESS_KEY", "s3cr3t")).staticKeys().orElseThrow();
    assertFalse(keys.toString().contains("s3cr3t"));
    assertEquals(Optional.empty(), of(Map.of("AWS_ACCESS_KEY_ID", "AKIA1")).staticKeys());
  }

  @Test
  void theProxyPluginsFactTakesThePlaceOfTheEnvironmentsProxy() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://old.internal:3128", "NO_PROXY", ".old.internal");
    ProxySettings fact = new ProxySettings(Optional.empty(), Optional.of(URI.create("http://u:p@proxy.corp.example:3128")),
        List.of("169.254.169.254", ".corp.example"));
    AwsEnvironment aws = new AwsEnvironment(new EnvironmentHost(env), Optional.of(fact));
    assertEquals(Optional.of(URI.create("http://u:p@proxy.corp.example:3128")), aws.httpsProxy());
    assertTrue(aws.noProxyPatterns().stream().anyMatch("git.corp.example"::matches));
    assertFalse(aws.noProxyPatterns().stream().anyMatch("x.old.internal"::matches), "the fact replaces NO_PROXY, it does not add to it");
    assertEquals(Optional.of(URI.create("http://old.internal:3128")), new AwsEnvironment(new EnvironmentHost(env), Optional.empty()).httpsProxy());
  }

  @Test
  void aBadProxyUrlIsNamedWithoutItsCredentials() {
    EksnodeException e = assertThrows(EksnodeException.class, () -> of(Map.of("HTTPS_PROXY", "http://user:s3cr3t@bad host:1")).httpsProxy());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    assertTrue(e.getMessage().startsWith("HTTPS_PROXY: \"http://***@bad host:1\" is not a URL"), e.getMessage());
  }

  @Test
  void noProxyEntriesCoverTheirDomainAndSubdomains() {
    Set<String> patterns = of(Map.of("NO_PROXY", "169.254.169.254, .internal,*.amazonaws.com")).noProxyPatterns();
    assertTrue(patterns.stream().anyMatch("ec2.us-west-2.amazonaws.com"::matches));
    assertTrue(patterns.stream().anyMatch("ip-10-0-1-1.ec2.internal"::matches));
    assertTrue(patterns.stream().anyMatch("169.254.169.254"::matches));
    assertFalse(patterns.stream().anyMatch("xinternal"::matches));
    assertFalse(patterns.stream().anyMatch("169.254.169.2544"::matches));
  }
}
