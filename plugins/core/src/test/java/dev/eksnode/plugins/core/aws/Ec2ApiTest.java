package dev.eksnode.plugins.core.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.emulator.Ec2Emulator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SDK's EC2 client, driven through AWS_ENDPOINT_URL_EC2 against the loopback EC2 emulator. */
class Ec2ApiTest {

  private static final String FIXTURE =
      """
      {
        "pageSize": 2,
        "instanceTypes": [
          {"instanceType": "m5.large", "vcpus": 2, "memoryMiB": 8192, "maximumNetworkInterfaces": 3, "ipv4AddressesPerInterface": 10, "hypervisor": "nitro"},
          {"instanceType": "m4.xlarge", "vcpus": 4, "memoryMiB": 16384, "maximumNetworkInterfaces": 4, "ipv4AddressesPerInterface": 15, "hypervisor": "xen"},
          {"instanceType": "a1.metal", "vcpus": 16, "memoryMiB": 32768, "maximumNetworkInterfaces": 8, "ipv4AddressesPerInterface": 30, "hypervisor": ""},
          {"instanceType": "t3.medium", "vcpus": 2, "memoryMiB": 4096, "maximumNetworkInterfaces": 3, "ipv4AddressesPerInterface": 6, "hypervisor": "nitro"},
          {"instanceType": "p5.48xlarge", "vcpus": 192, "memoryMiB": 2097152, "maximumNetworkInterfaces": 64, "ipv4AddressesPerInterface": 50, "hypervisor": "nitro",
           "defaultNetworkCardIndex": 0, "networkCards": [{"networkCardIndex": 0, "maximumNetworkInterfaces": 2}, {"networkCardIndex": 1, "maximumNetworkInterfaces": 2}]}
        ],
        "instances": [
          {"instanceId": "i-0abc", "instanceType": "m5.large", "availabilityZone": "us-west-2a",
           "privateDnsName": "ip-10-0-1-5.us-west-2.compute.internal", "privateIpAddress": "10.0.1.5", "ipv6Address": "2600:1f14::5"}
        ]
      }
      """;

  private static Ec2Api api(Ec2Emulator ec2) {
    return new Ec2Api(new AwsEnvironment(new EnvironmentHost(ec2.environment())), "us-west-2");
  }

  @Test
  void readsEveryPageOfInstanceTypes() throws Exception {
    try (Ec2Emulator ec2 = Ec2Emulator.start(FIXTURE); Ec2Api api = api(ec2)) {
      List<InstanceTypeLimits> all = api.describeAllInstanceTypes();
      assertEquals(List.of("a1.metal", "m4.xlarge", "m5.large", "p5.48xlarge", "t3.medium"), all.stream().map(InstanceTypeLimits::instanceType).toList());
      assertEquals(Map.of("DescribeInstanceTypes", 3), ec2.requests(), "5 types in pages of 2");
      assertEquals(3, api.calls());
      assertEquals(new InstanceTypeLimits("m4.xlarge", 4, 16384, 4, 15, "xen"), all.get(1));
      assertEquals("", all.getFirst().hypervisor(), "bare metal has no hypervisor");
    }
  }

  @Test
  void takesTheDefaultNetworkCardsEniLimit() throws Exception {
    try (Ec2Emulator ec2 = Ec2Emulator.start(FIXTURE); Ec2Api api = api(ec2)) {
      assertEquals(2, api.describeInstanceType("p5.48xlarge").orElseThrow().maximumNetworkInterfaces());
    }
  }

  @Test
  void unknownInstanceTypeIsEmpty() throws Exception {
    try (Ec2Emulator ec2 = Ec2Emulator.start(FIXTURE); Ec2Api api = api(ec2)) {
      assertEquals(Optional.empty(), api.describeInstanceType("x9.imaginary"));
      assertEquals(Map.of("DescribeInstanceTypes", 1), ec2.requests());
    }
  }

  @Test
  void describesAnInstance() throws Exception {
    try (Ec2Emulator ec2 = Ec2Emulator.start(FIXTURE); Ec2Api api = api(ec2)) {
      Ec2Api.Ec2Instance instance = api.describeInstance("i-0abc").orElseThrow();
      assertEquals(Optional.of("ip-10-0-1-5.us-west-2.compute.internal"), instance.privateDnsName());
      assertEquals(Optional.of("10.0.1.5"), instance.privateIpAddress());
      assertEquals(Optional.of("2600:1f14::5"), instance.ipv6());
      assertEquals(Optional.empty(), api.describeInstance("i-unknown"));
    }
  }

  @Test
  void unreachableEc2FailsNamingTheCallAndTheEndpoint() throws Exception {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    try (Ec2Api api = new Ec2Api(new AwsEnvironment(new EnvironmentHost(Map.of("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:" + port,
        "AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "x"))), "us-west-2")) {
      EksnodeException e = assertThrows(EksnodeException.class, () -> api.describeInstanceType("m5.large"));
      assertTrue(e.getMessage().startsWith("EC2 DescribeInstanceTypes m5.large failed (region us-west-2 at http://127.0.0.1:" + port), e.getMessage());
    }
  }

  /** A proxy that writes down the first request line it gets and answers 400 (not retried). */
  private static final class RecordingProxy implements AutoCloseable {
    private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    private final java.util.concurrent.CompletableFuture<String> firstLine = new java.util.concurrent.CompletableFuture<>();

    RecordingProxy() throws java.io.IOException {
      Thread.ofPlatform().daemon().start(() -> {
        try (java.net.Socket client = socket.accept()) {
          var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
          firstLine.complete(in.readLine());
          client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
          firstLine.complete("(closed: " + e.getMessage() + ")");
        }
      });
    }

    String url(String userInfo) {
      return "http://" + userInfo + "127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  @Test
  void callsGoThroughAProxyWhoseUrlCarriesCredentials() throws Exception {
    try (RecordingProxy proxy = new RecordingProxy()) {
      Map<String, String> env = Map.of("AWS_ENDPOINT_URL_EC2", "http://ec2.example.test:8080", "AWS_ACCESS_KEY_ID", "AKIA",
          "AWS_SECRET_ACCESS_KEY", "x", "EKSNODE_EC2_DEADLINE_SECONDS", "5", "HTTPS_PROXY", proxy.url("node:s3cr%24t@"));
      try (Ec2Api api = new Ec2Api(new AwsEnvironment(new EnvironmentHost(env)), "us-west-2")) {
        EksnodeException e = assertThrows(EksnodeException.class, () -> api.describeInstanceType("m5.large"));
        assertFalse(e.getMessage().contains("s3cr"), e.getMessage());
      }
      assertEquals("POST http://ec2.example.test:8080 HTTP/1.1", proxy.firstLine.get());
    }
  }

  @Test
  void refusesLimitsNoInstanceTypeHasBeforeAnyArithmetic() throws Exception {
    String fixture = """
        {"instanceTypes": [
          {"instanceType": "x9.huge", "vcpus": 2147483647, "memoryMiB": 8192, "maximumNetworkInterfaces": 3, "ipv4AddressesPerInterface": 10, "hypervisor": "nitro"},
          {"instanceType": "x9.wide", "vcpus": 2, "memoryMiB": 8192, "maximumNetworkInterfaces": 3, "ipv4AddressesPerInterface": 0, "hypervisor": "nitro"}
        ]}
        """;
    try (Ec2Emulator ec2 = Ec2Emulator.start(fixture); Ec2Api api = api(ec2)) {
      EksnodeException huge = assertThrows(EksnodeException.class, () -> api.describeInstanceType("x9.huge"));
      assertEquals("EC2 DescribeInstanceTypes x9.huge (region us-west-2 at " + ec2.endpoint() + ") answered limits eksnode cannot use"
          + " for x9.huge: vcpus 2147483647 is outside 1..8192", huge.getMessage());
      EksnodeException none = assertThrows(EksnodeException.class, () -> api.describeInstanceType("x9.wide"));
      assertTrue(none.getMessage().endsWith("ipv4AddressesPerInterface 0 is outside 1..1024"), none.getMessage());
    }
  }
}
