package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.Ec2Api;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLookup;
import dev.eksnode.plugins.core.maxpods.MaxPods;
import dev.eksnode.plugins.core.maxpods.MaxPodsPolicy;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides maxPods and publishes the value in force as {@link NodeFacts#MAX_PODS}. The instance type's
 * limits come from the table baked at image build, else the table built into eksnode ({@link
 * InstanceTypeLookup}), else from EC2 {@code DescribeInstanceTypes}, else the value is 110. The vCPU
 * count (for kubeReserved and the prefix-delegation cap) is the table's, else the node's own. The configured policy picks the formula; {@code kubelet.config.maxPods} overrides
 * everything.
 */
public final class DecideMaxPodsStep implements Step {

  static final String ID = "core/max-pods";

  /** The instance type's vCPUs, for {@code kubeReserved}; only the core plugin's steps read it. */
  static final FactKey<Integer> VCPUS = FactKey.of("core.internal.vcpus", Integer.class);

  /** How the maxPods value was derived, in words; only the core plugin's steps read it. */
  static final FactKey<String> MAX_PODS_DERIVATION = FactKey.of("core.internal.max-pods-derivation", String.class);

  static final String CPUS_ONLINE = "/sys/devices/system/cpu/online";
  static final String CPUINFO = "/proc/cpuinfo";
  private static final Pattern CPU_RANGE = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

  private static final Logger LOGGER = LoggerFactory.getLogger(DecideMaxPodsStep.class);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(NodeFacts.INSTANCE);
  }

  /** DescribeInstanceTypes goes through the proxy plugin's proxy when it is enabled. */
  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.PROXY);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.MAX_PODS, VCPUS, MAX_PODS_DERIVATION);
  }

  @Override
  public Outcome apply(StepContext context) {
    NodeSettings.Kubelet kubelet = context.config(NodeSettings.class).kubelet();
    InstanceInfo instance = context.requireFact(NodeFacts.INSTANCE);
    Host host = context.host();
    Lookup lookup = lookup(host, instance, new AwsEnvironment(host, context.fact(NodeFacts.PROXY)));
    OptionalInt tableVcpus = lookup.limits().map(InstanceTypeLimits::vcpus).orElse(OptionalInt.empty());
    int vcpus = tableVcpus.isPresent() ? tableVcpus.getAsInt() : nodeVcpus(host, instance.instanceType(),
        lookup.limits().isPresent() ? lookup.source() + " holds none" : "its limits come from " + lookup.source());
    NodeSettings.MaxPods settings = kubelet.maxPods();
    MaxPods result;
    if (settings.policy() == NodeSettings.MaxPods.Policy.FIXED) {
      int value = settings.value().orElseThrow();
      result = new MaxPods(value, "kubelet.maxPods.value = " + value);
    } else if (lookup.limits().isPresent()) {
      result = MaxPods.compute(lookup.limits().get().withVcpus(vcpus), policy(settings.policy()), settings.cniVersion())
          .from(lookup.source());
    } else {
      MaxPods unknown = MaxPods.unknown(instance.instanceType());
      result = new MaxPods(unknown.value(), unknown.derivation() + " (limits from " + lookup.source() + ")");
    }
    if (settings.cap().isPresent()) {
      result = result.cappedAt(settings.cap().getAsInt(), "kubelet.maxPods.cap");
    }
    Optional<Integer> configured = configuredMaxPods(kubelet);
    if (configured.isPresent()) {
      result = new MaxPods(configured.get(), "kubelet.config.maxPods = " + configured.get() + " (instead of " + result.derivation() + ")");
    }
    LOGGER.info("max pods {}: {}", result.value(), result.derivation());
    context.publish(NodeFacts.MAX_PODS, result.value());
    context.publish(VCPUS, vcpus);
    context.publish(MAX_PODS_DERIVATION, result.derivation());
    return Outcome.done();
  }

  /** The limits and where they came from; {@code source} says where they were looked for when {@code limits} is empty. */
  private record Lookup(Optional<InstanceTypeLimits> limits, String source) {}

  private static Lookup lookup(Host host, InstanceInfo instance, AwsEnvironment aws) {
    String type = instance.instanceType();
    Optional<InstanceTypeLookup.Found> found;
    try {
      found = InstanceTypeLookup.find(host, type);
    } catch (IllegalArgumentException e) {
      throw new EksnodeException(e.getMessage() + " (the table is baked at image build; rebuild the image)");
    }
    if (found.isPresent()) {
      return new Lookup(Optional.of(found.get().limits()), found.get().source());
    }
    try (Ec2Api ec2 = new Ec2Api(aws, instance.region())) {
      Optional<InstanceTypeLimits> limits = ec2.describeInstanceType(type);
      return limits.isPresent()
          ? new Lookup(limits, "EC2 DescribeInstanceTypes")
          : new Lookup(Optional.empty(), "neither instance type table, and EC2 DescribeInstanceTypes does not know it");
    } catch (EksnodeException e) {
      LOGGER.warn("{} is in neither instance type table and EC2 could not be asked: {}", type, e.getMessage());
      return new Lookup(Optional.empty(), "neither instance type table, and " + e.getMessage());
    }
  }

  private static MaxPodsPolicy policy(NodeSettings.MaxPods.Policy policy) {
    return switch (policy) {
      case TABLE, FIXED -> MaxPodsPolicy.STANDARD;
      case PREFIX_DELEGATION -> MaxPodsPolicy.PREFIX_DELEGATION;
      case CUSTOM_NETWORKING -> MaxPodsPolicy.CUSTOM_NETWORKING;
    };
  }

  /** {@code maxPods} in the user's kubelet configuration, which wins over every computed value. */
  static Optional<Integer> configuredMaxPods(NodeSettings.Kubelet kubelet) {
    Object value = kubelet.config().get("maxPods");
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number && number.longValue() > 0 && number.longValue() <= 10_000 && number.doubleValue() == number.longValue()) {
      return Optional.of(number.intValue());
    }
    throw new EksnodeException("kubelet.config.maxPods: " + value + " is not a whole number of pods from 1 to 10000");
  }

  /**
   * The node's own vCPU count, for instance types whose table entry has none: the CPUs listed in {@code
   * /sys/devices/system/cpu/online} ({@code 0-3,6}), else the processors of {@code /proc/cpuinfo}.
   */
  static int nodeVcpus(Host host, String instanceType, String why) {
    Optional<String> online = host.readString(CPUS_ONLINE).map(String::strip).filter(text -> !text.isEmpty());
    if (online.isPresent()) {
      int count = 0;
      for (String range : online.get().split(",")) {
        Matcher matcher = CPU_RANGE.matcher(range.strip());
        if (!matcher.matches()) {
          throw new EksnodeException(CPUS_ONLINE + ": \"" + online.get() + "\" is not a CPU list like 0-3,6");
        }
        int first = Integer.parseInt(matcher.group(1));
        count += (matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2))) - first + 1;
      }
      return count;
    }
    String cpuinfo = host.readString(CPUINFO).orElseThrow(() -> new EksnodeException(
        "cannot tell the vCPU count of " + instanceType + " for kubeReserved: both " + CPUS_ONLINE + " and " + CPUINFO
            + " are missing, and " + why));
    int count = (int) cpuinfo.lines().filter(line -> line.matches("processor\\s*:.*")).count();
    if (count == 0) {
      throw new EksnodeException(CPUINFO + " lists no processor; cannot compute kubeReserved for " + instanceType);
    }
    return count;
  }
}
