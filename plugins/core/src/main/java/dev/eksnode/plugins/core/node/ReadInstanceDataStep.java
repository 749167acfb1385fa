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

  /** The most instance-store devices read from the block device mapping. */
  static final int MAX_INSTANCE_STORE_DEVICES = 64;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean checksOnly() {
    return true;
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
    MetadataValues check = new MetadataValues(imds.endpoint());
    String instanceId = check.instanceId(value(first, "instance-id").orElseThrow());
    String instanceType = check.instanceType(value(first, "instance-type").orElseThrow());
    String zone = check.zone(value(first, "placement/availability-zone").orElseThrow());
    String mac = check.mac(value(first, "mac").orElseThrow());
    String interfacePath = META + "network/interfaces/macs/" + mac + "/";
    // The mapping's listing rides along with the interface's values: one more request, no more round trips.
    Map<String, Optional<String>> second =
        imds.getAll(List.of(interfacePath + "vpc-ipv4-cidr-blocks", interfacePath + "vpc-ipv6-cidr-blocks",
            interfacePath + "ipv6s", BLOCK_DEVICE_MAPPING));
    String region =
        value(first, "placement/region").map(text -> check.region(META + "placement/region", text))
            .or(() -> imds.get("dynamic/instance-identity/document").flatMap(ReadInstanceDataStep::regionOf)
                .map(text -> check.region("dynamic/instance-identity/document region", text)))
            .orElseThrow(() -> new EksnodeException("instance metadata gives no region (placement/region)"));
    Optional<String> localIpv4 = value(first, "local-ipv4").map(text -> check.ipv4(META + "local-ipv4", text));
    Optional<String> privateDnsName = value(first, "local-hostname").map(name -> name.split("[ \t]+")[0])
        .map(name -> check.hostname(META + "local-hostname", name));
    if (localIpv4.isEmpty() || privateDnsName.isEmpty()) {
      // What metadata cannot give, EC2 can: an IPv6-only instance has no local-ipv4, and some VPC setups no local-hostname.
      try (Ec2Api ec2 = new Ec2Api(aws, region)) {
        Ec2Api.Ec2Instance instance =
            ec2.describeInstance(instanceId)
                .orElseThrow(() -> new EksnodeException("EC2 DescribeInstances does not know " + instanceId));
        localIpv4 = localIpv4.or(() -> instance.privateIpAddress().map(text -> check.ipv4("EC2 DescribeInstances privateIpAddress", text)));
        privateDnsName = privateDnsName.or(() -> instance.privateDnsName().map(text -> check.hostname("EC2 DescribeInstances privateDnsName", text)));
      }
    }
    List<String> cidrs = check.cidrs(interfacePath + "vpc-ipv4-cidr-blocks",
        second.get(interfacePath + "vpc-ipv4-cidr-blocks").map(ReadInstanceDataStep::lines).orElse(List.of()), false);
    List<String> ipv6Cidrs = check.cidrs(interfacePath + "vpc-ipv6-cidr-blocks",
        second.get(interfacePath + "vpc-ipv6-cidr-blocks").map(ReadInstanceDataStep::lines).orElse(List.of()), true);
    Optional<String> ipv6 = second.get(interfacePath + "ipv6s").flatMap(text -> lines(text).stream().findFirst())
        .map(text -> check.ipv6(interfacePath + "ipv6s", text));
    return new InstanceInfo(
        instanceId,
        instanceType,
        region,
        zone,
        localIpv4.orElse(""),
        ipv6,
        mac,
        privateDnsName.orElseThrow(() -> new EksnodeException(
            "neither instance metadata (local-hostname) nor EC2 DescribeInstances gives " + instanceId + " a private DNS name")),
        value(first, "services/domain").map(text -> check.hostname(META + "services/domain", text)).orElseGet(() -> dnsSuffixOf(region)),
        cidrs,
        ipv6Cidrs,
        value(first, "outpost-arn").map(check::outpostArn),
        instanceStoreDevices(imds, second.get(BLOCK_DEVICE_MAPPING).map(ReadInstanceDataStep::lines).orElse(List.of()), check));
  }

  /**
   * The {@code ephemeralN} entries of the block device mapping, by number; only those are fetched (a
   * third round trip, only on instances whose mapping has them).
   */
  static Map<String, String> instanceStoreDevices(InstanceMetadata imds, List<String> names, MetadataValues check) {
    List<String> ephemeral = names.stream()
        .map(name -> name.endsWith("/") ? name.substring(0, name.length() - 1) : name)
        .filter(name -> EPHEMERAL.matcher(name).matches())
        .sorted(Comparator.comparingLong(name -> Long.parseLong(name.substring("ephemeral".length()))))
        .toList();
    if (ephemeral.isEmpty()) {
      return Map.of();
    }
    if (ephemeral.size() > MAX_INSTANCE_STORE_DEVICES) {
      // Each is fetched at once, on a thread of its own: a listing of thousands must not become thousands of threads.
      throw new EksnodeException("instance metadata at " + imds.endpoint() + ": " + BLOCK_DEVICE_MAPPING + " lists " + ephemeral.size()
          + " instance-store devices, more than the " + MAX_INSTANCE_STORE_DEVICES + " eksnode reads (EC2 instances have at most 24)");
    }
    Map<String, Optional<String>> devices = imds.getAll(ephemeral.stream().map(name -> BLOCK_DEVICE_MAPPING + name).toList());
    Map<String, String> mapping = new LinkedHashMap<>();
    for (String name : ephemeral) {
      devices.get(BLOCK_DEVICE_MAPPING + name).map(String::strip).filter(device -> !device.isEmpty())
          .ifPresent(device -> mapping.put(name, check.device(BLOCK_DEVICE_MAPPING + name, device)));
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
