package dev.eksnode.plugins.core.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunOptions;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.plugins.core.CoreCases;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.InstanceMetadata;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code core/instance-data} reads from the metadata emulator through the real IMDSv2 client. */
class ReadInstanceDataStepTest {

  private static final String MAC = "02:1a:2b:3c:4d:5e";

  private static String instance(String interfaceExtra, String mapping) {
    return """
        {"meta-data": {
          "instance-id": "i-0a1b2c3d4e5f60001", "instance-type": "i2.xlarge", "local-ipv4": "10.0.1.23",
          "local-hostname": "ip-10-0-1-23.us-west-2.compute.internal", "mac": "%s",
          "placement": {"availability-zone": "us-west-2a", "region": "us-west-2"},
          "network": {"interfaces": {"macs": {"%s": {"vpc-ipv4-cidr-blocks": "10.0.0.0/16\\n10.1.0.0/16"%s}}}},
          "block-device-mapping": {%s}
        }}
        """.formatted(MAC, MAC, interfaceExtra, mapping);
  }

  private static InstanceInfo read(MetadataEmulator imds, Path root) {
    AwsEnvironment aws = new AwsEnvironment(Kernel.host(new RunOptions(root, false, imds.environment(), CoreCases.CLOCK)));
    try (InstanceMetadata client = InstanceMetadata.connect(aws)) {
      return ReadInstanceDataStep.read(client, aws);
    }
  }

  @Test
  void readsVpcIpv6CidrsAndTheInstanceStoreEntriesInNumberOrder(@TempDir Path root) throws Exception {
    String json = instance(", \"vpc-ipv6-cidr-blocks\": \"2600:1f14:1234:5600::/56\\n2600:1f14:aaaa:bb00::/56\"",
        "\"ami\": \"/dev/xvda\", \"root\": \"/dev/xvda\", \"ebs1\": \"sdf\", \"ephemeral10\": \"sdl\","
            + " \"ephemeral0\": \"sdb\", \"ephemeral1\": \"/dev/sdc\"");
    try (MetadataEmulator imds = MetadataEmulator.start(json)) {
      InstanceInfo info = read(imds, root);
      assertEquals(List.of("10.0.0.0/16", "10.1.0.0/16"), info.vpcIpv4Cidrs());
      assertEquals(List.of("2600:1f14:1234:5600::/56", "2600:1f14:aaaa:bb00::/56"), info.vpcIpv6Cidrs());
      assertEquals(List.of("ephemeral0", "ephemeral1", "ephemeral10"), List.copyOf(info.instanceStoreDevices().keySet()));
      assertEquals(Map.of("ephemeral0", "sdb", "ephemeral1", "/dev/sdc", "ephemeral10", "sdl"), info.instanceStoreDevices());
      Map<String, Integer> requests = imds.requests();
      assertEquals(1, requests.get("GET /latest/meta-data/block-device-mapping/"), requests.toString());
      for (String entry : List.of("ami", "root", "ebs1")) {
        assertFalse(requests.containsKey("GET /latest/meta-data/block-device-mapping/" + entry),
            "only the instance-store entries are fetched: " + requests);
      }
    }
  }

  @Test
  void aVpcWithoutIpv6AndAMappingWithoutInstanceStoreCostOneListingAndNoMore(@TempDir Path root) throws Exception {
    try (MetadataEmulator imds = MetadataEmulator.start(instance("", "\"ami\": \"/dev/xvda\", \"root\": \"/dev/xvda\""))) {
      InstanceInfo info = read(imds, root);
      assertEquals(List.of(), info.vpcIpv6Cidrs(), "vpc-ipv6-cidr-blocks answers 404");
      assertEquals(Map.of(), info.instanceStoreDevices());
      long mappingRequests = imds.requests().keySet().stream().filter(k -> k.contains("block-device-mapping")).count();
      assertEquals(1, mappingRequests, imds.requests().toString());
    }
  }
}
