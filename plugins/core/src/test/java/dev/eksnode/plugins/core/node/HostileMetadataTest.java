package dev.eksnode.plugins.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.plugins.core.CoreCases;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.InstanceMetadata;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.emulator.Fault;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Instance metadata that lies: values with control characters or in the wrong format, and answers far
 * longer than any metadata, served by the emulator's fault API to the real IMDSv2 client. Each is
 * refused by {@code core/instance-data} with the path, the value (escaped) and what was expected, and
 * nothing is read without bound.
 */
class HostileMetadataTest {

  private static final String MAC = "02:1a:2b:3c:4d:5e";
  private static final String INSTANCE = """
      {"meta-data": {
        "instance-id": "i-0a1b2c3d4e5f60001", "instance-type": "m5.large", "local-ipv4": "10.0.1.23",
        "local-hostname": "ip-10-0-1-23.us-west-2.compute.internal", "mac": "%s",
        "placement": {"availability-zone": "us-west-2a", "region": "us-west-2"},
        "services": {"domain": "amazonaws.com"},
        "network": {"interfaces": {"macs": {"%s": {"vpc-ipv4-cidr-blocks": "10.0.0.0/16", "ipv6s": "2600:1f14::1"}}}},
        "block-device-mapping": {"ami": "/dev/xvda", "ephemeral0": "sdb"}
      }}
      """.formatted(MAC, MAC);


  static Stream<Arguments> hostileValues() {
    String iface = "meta-data/network/interfaces/macs/" + MAC + "/";
    return Stream.of(
        Arguments.of("meta-data/instance-id", "i-0a1b2c3d\u00004e5f60001", "meta-data/instance-id is \"i-0a1b2c3d\\x004e5f60001\", not an instance id (i- and 8 to 32 hex digits)"),
        Arguments.of("meta-data/instance-id", "i-0a1b2c3d4e5f60001\nExecStartPre=/bin/sh", "meta-data/instance-id is \"i-0a1b2c3d4e5f60001\\nExecStartPre=/bin/sh\", not an instance id (i- and 8 to 32 hex digits)"),
        Arguments.of("meta-data/mac", "02:1a:2b:3c:4d:5e x\n", "meta-data/mac is \"02:1a:2b:3c:4d:5e x\", not a MAC address (six pairs of lower-case hex digits)"),
        Arguments.of("meta-data/mac", "../../../../latest/user-data", "meta-data/mac is \"../../../../latest/user-data\", not a MAC address (six pairs of lower-case hex digits)"),
        Arguments.of("meta-data/instance-type", "m5.large --node-ip=1.2.3.4", "meta-data/instance-type is \"m5.large --node-ip=1.2.3.4\", not an instance type (family.size, e.g. m5.large)"),
        Arguments.of("meta-data/placement/region", "us-west-2/../../x", "meta-data/placement/region is \"us-west-2/../../x\", not a region (e.g. us-west-2)"),
        Arguments.of("meta-data/placement/availability-zone", "us-west-2a\u001b[31m", "meta-data/placement/availability-zone is \"us-west-2a\\x1b[31m\", not an availability zone (e.g. us-west-2a)"),
        Arguments.of("meta-data/local-hostname", "ip-10-0-1-23;reboot", "meta-data/local-hostname is \"ip-10-0-1-23;reboot\", not a DNS name"),
        Arguments.of("meta-data/local-ipv4", "10.0.1.256", "meta-data/local-ipv4 is \"10.0.1.256\", not an IPv4 address"),
        Arguments.of("meta-data/services/domain", "amazonaws.com\u0000", "meta-data/services/domain is \"amazonaws.com\\x00\", not a DNS name"),
        Arguments.of(iface + "vpc-ipv4-cidr-blocks", "10.0.0.0/33", iface + "vpc-ipv4-cidr-blocks is \"10.0.0.0/33\", not an IPv4 CIDR"),
        Arguments.of(iface + "ipv6s", "2600:1f14::1%eth0", iface + "ipv6s is \"2600:1f14::1%eth0\", not an IPv6 address"),
        Arguments.of("meta-data/block-device-mapping/ephemeral0", "sdb; mkfs /dev/xvda", "meta-data/block-device-mapping/ephemeral0 is \"sdb; mkfs /dev/xvda\", not a block device name (e.g. sdb or nvme1n1)"),
        Arguments.of("meta-data/outpost-arn", "arn:aws:outposts:us-west-2:123456789012:outpost/op-0123456789abcdef0\n", null));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("hostileValues")
  void refusesAValueThatIsNotInItsFormat(String path, String value, String expected, @TempDir Path root) throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(INSTANCE)) {
      imds.faults(new Fault.Answer(path, value, Fault.FOREVER));
      if (expected == null) {
        read(imds, root); // a trailing line break is stripped, as for every value: this one is fine
        return;
      }
      EksnodeException e = assertThrows(EksnodeException.class, () -> read(imds, root));
      assertEquals("instance metadata at " + imds.endpoint() + ": " + expected, e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floods")
  void givesUpOnAnAnswerLongerThanAnyMetadataWithoutReadingIt(String path, String request, @TempDir Path root) throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(INSTANCE)) {
      imds.faults(new Fault.Flood(path, 100L << 20, Fault.FOREVER));
      EksnodeException e = assertThrows(EksnodeException.class, () -> read(imds, root));
      assertEquals("instance metadata at " + imds.endpoint() + ": " + request + " answered more than 65536 bytes, more than"
          + " eksnode reads from one answer", e.getMessage());
    }
  }

  static Stream<Arguments> floods() {
    return Stream.of(
        Arguments.of("api/token", "PUT /latest/api/token"),
        Arguments.of("meta-data/instance-id", "GET /latest/meta-data/instance-id"));
  }

  private static void read(MetadataEmulator imds, Path root) {
    Map<String, String> environment = Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.endpoint().toString(),
        "EKSNODE_IMDS_DEADLINE_SECONDS", "20");
    AwsEnvironment aws = new AwsEnvironment(Kernel.host(new RunOptions(root, false, environment, CoreCases.CLOCK)));
    try (InstanceMetadata client = InstanceMetadata.connect(aws)) {
      ReadInstanceDataStep.read(client, aws);
    }
  }
}
