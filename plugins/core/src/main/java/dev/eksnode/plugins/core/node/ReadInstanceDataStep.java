package dev.eksnode.plugins.core.node;

import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.Ec2Api;
import dev.eksnode.plugins.core.aws.InstanceMetadata;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the node is from instance metadata (IMDSv2) and publishes it as {@link
 * NodeFacts#INSTANCE}. Falls back to EC2 {@code DescribeInstances} only for the private DNS name and
 * IPv4 address when metadata lacks them; on the happy path it makes no AWS API call.
 */
public final class ReadInstanceDataStep implements Step {

  public static final String ID = "core/instance-data";

  private static final Logger LOGGER = LoggerFactory.getLogger(ReadInstanceDataStep.class);
  private static final String META = "meta-data/";
  private static final String BLOCK_DEVICE_MAPPING = META + "block-device-mapping/";
  private static final Pattern EPHEMERAL = Pattern.compile("ephemeral\\d{1,9}");
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.INSTANCE);
  }

  @Override
  public Outcome apply(StepContext context) {
    AwsEnvironment aws = new AwsEnvironment(context.host());
    InstanceInfo info;
    try (InstanceMetadata imds = InstanceMetadata.connect(aws)) {
      info = read(imds, aws);
    }
    LOGGER.debug("instance: {}", info);
    context.publish(NodeFacts.INSTANCE, info);
    return Outcome.done();
  }

  static InstanceInfo read(InstanceMetadata imds, AwsEnvironment aws) {
    Map<String, Optional<String>> first =
        imds.getAll(
            List.of(
                META + "instance-id",
                META + "instance-type",
                META + "placement/availability-zone",
                META + "placement/region",
                META + "local-ipv4",
                META + "mac",
                META + "local-hostname",
                META + "services/domain",
                META + "outpost-arn"));
    List<String> missing = new ArrayList<>();
    for (String required : List.of("instance-id", "instance-type", "placement/availability-zone", "mac")) {
      if (value(first, required).isEmpty()) {
        missing.add(META + required);
      }
    }
    if (!missing.isEmpty()) {
      throw new EksnodeException(
          "instance metadata at " + imds.endpoint() + " lacks " + String.join(", ", missing) + "; is this an EC2 instance?");
    }
    String instanceId = value(first, "instance-id").orElseThrow();
    String zone = value(first, "placement/availability-zone").orElseThrow();
    String mac = value(first, "mac").orElseThrow();
    String interfacePath = META + "network/interfaces/macs/" + mac + "/";
    // The mapping's listing rides along with the interface's values: one more request, no more round trips.
    Map<String, Optional<String>> second =
        imds.getAll(List.of(interfacePath + "vpc-ipv4-cidr-blocks", interfacePath + "vpc-ipv6-cidr-blocks",
            interfacePath + "ipv6s", BLOCK_DEVICE_MAPPING));
    String region =
        value(first, "placement/region")
            .or(() -> imds.get("dynamic/instance-identity/document").flatMap(ReadInstanceDataStep::regionOf))
            .orElseThrow(() -> new EksnodeException("instance metadata gives no region (placement/region)"));
    Optional<String> localIpv4 = value(first, "local-ipv4");
    Optional<String> privateDnsName = value(first, "local-hostname").map(name -> name.split("\\s+")[0]);
    if (localIpv4.isEmpty() || privateDnsName.isEmpty()) {
      // What metadata cannot give, EC2 can: an IPv6-only instance has no local-ipv4, and some VPC setups no local-hostname.
      try (Ec2Api ec2 = new Ec2Api(aws, region)) {
        Ec2Api.Ec2Instance instance =
            ec2.describeInstance(instanceId)
                .orElseThrow(() -> new EksnodeException("EC2 DescribeInstances does not know " + instanceId));
        localIpv4 = localIpv4.or(instance::privateIpAddress);
        privateDnsName = privateDnsName.or(instance::privateDnsName);
      }
    }
    List<String> cidrs =
        second.get(interfacePath + "vpc-ipv4-cidr-blocks").map(ReadInstanceDataStep::lines).orElse(List.of());
    List<String> ipv6Cidrs =
        second.get(interfacePath + "vpc-ipv6-cidr-blocks").map(ReadInstanceDataStep::lines).orElse(List.of());
    Optional<String> ipv6 = second.get(interfacePath + "ipv6s").flatMap(text -> lines(text).stream().findFirst());
    return new InstanceInfo(
        instanceId,
        value(first, "instance-type").orElseThrow(),
        region,
        zone,
        localIpv4.orElse(""),
        ipv6,
        mac,
        privateDnsName.orElseThrow(() -> new EksnodeException(
            "neither instance metadata (local-hostname) nor EC2 DescribeInstances gives " + instanceId + " a private DNS name")),
        value(first, "services/domain").orElseGet(() -> dnsSuffixOf(region)),
        cidrs,
        ipv6Cidrs,
        value(first, "outpost-arn"),
        instanceStoreDevices(imds, second.get(BLOCK_DEVICE_MAPPING).map(ReadInstanceDataStep::lines).orElse(List.of())));
  }

  /**
   * The {@code ephemeralN} entries of the block device mapping, by number; only those are fetched (a
   * third round trip, only on instances whose mapping has them).
   */
  static Map<String, String> instanceStoreDevices(InstanceMetadata imds, List<String> names) {
    List<String> ephemeral = names.stream()
        .map(name -> name.endsWith("/") ? name.substring(0, name.length() - 1) : name)
        .filter(name -> EPHEMERAL.matcher(name).matches())
        .sorted(Comparator.comparingLong(name -> Long.parseLong(name.substring("ephemeral".length()))))
        .toList();
    if (ephemeral.isEmpty()) {
      return Map.of();
    }
    Map<String, Optional<String>> devices = imds.getAll(ephemeral.stream().map(name -> BLOCK_DEVICE_MAPPING + name).toList());
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String name : ephemeral) {
      devices.get(BLOCK_DEVICE_MAPPING + name).map(String::strip).filter(device -> !device.isEmpty())
          .ifPresent(device -> mapping.put(name, device));
    }
    return mapping;
  }

  private static Optional<String> value(Map<String, Optional<String>> values, String path) {
    return values.get(META + path).map(String::strip).filter(text -> !text.isEmpty());
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  private static Optional<String> regionOf(String identityDocument) {
    try {
      return Optional.of(JSON.readTree(identityDocument).path("region").asText("")).filter(region -> !region.isEmpty());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new EksnodeException("instance metadata: dynamic/instance-identity/document is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The partition's DNS suffix for a region, when metadata does not say ({@code services/domain}). */
  static String dnsSuffixOf(String region) {
    if (region.startsWith("cn-")) {
      return "amazonaws.com.cn";
    }
    if (region.startsWith("us-isob-")) {
      return "sc2s.sgov.gov";
    }
    if (region.startsWith("us-iso-")) {
      return "c2s.ic.gov";
    }
    return "amazonaws.com";
  }
}
