package dev.eksnode.plugins.core.kubelet;

import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.Ec2Api;
import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides maxPods and publishes the value in force as {@link NodeFacts#MAX_PODS}. The instance type's
 * limits come from the table baked at image build, else from EC2 {@code DescribeInstanceTypes}, else
 * the value is 110. The configured policy picks the formula; {@code kubelet.config.maxPods} overrides
 * everything.
 */
public final class DecideMaxPodsStep implements Step {

  static final String ID = "core/max-pods";

  /** The instance type's vCPUs, for {@code kubeReserved}; only the core plugin's steps read it. */
  static final FactKey<Integer> VCPUS = FactKey.of("core.internal.vcpus", Integer.class);

  /** How the maxPods value was derived, in words; only the core plugin's steps read it. */
  static final FactKey<String> MAX_PODS_DERIVATION = FactKey.of("core.internal.max-pods-derivation", String.class);

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
    NodeSettings.MaxPods settings = kubelet.maxPods();
    MaxPods result;
    if (settings.policy() == NodeSettings.MaxPods.Policy.FIXED) {
      int value = settings.value().orElseThrow();
      result = new MaxPods(value, "kubelet.maxPods.value = " + value);
    } else if (lookup.limits().isPresent()) {
      result = MaxPods.compute(lookup.limits().get(), policy(settings.policy()), settings.cniVersion()).from(lookup.source());
    } else {
      result = MaxPods.unknown(instance.instanceType());
      if (!lookup.source().isEmpty()) {
        result = new MaxPods(result.value(), result.derivation() + " (" + lookup.source() + ")");
      }
    }
    if (settings.cap().isPresent()) {
      result = result.cappedAt(settings.cap().getAsInt(), "kubelet.maxPods.cap");
    }
    Optional<Integer> configured = configuredMaxPods(kubelet);
    if (configured.isPresent()) {
      result = new MaxPods(configured.get(), "kubelet.config.maxPods = " + configured.get() + " (instead of " + result.derivation() + ")");
    }
    int vcpus = lookup.limits().map(InstanceTypeLimits::vcpus).orElseGet(() -> cpuinfoVcpus(host, instance.instanceType(), lookup.source()));
    LOGGER.info("max pods {}: {}", result.value(), result.derivation());
    context.publish(NodeFacts.MAX_PODS, result.value());
    context.publish(VCPUS, vcpus);
    context.publish(MAX_PODS_DERIVATION, result.derivation());
    return Outcome.done();
  }

  /** The limits and where they came from; {@code source} explains a miss when {@code limits} is empty. */
  private record Lookup(Optional<InstanceTypeLimits> limits, String source) {}

  private static Lookup lookup(Host host, InstanceInfo instance, AwsEnvironment aws) {
    String type = instance.instanceType();
    Optional<String> baked = host.readString(InstanceTypeTable.BAKED_PATH);
    if (baked.isPresent()) {
      InstanceTypeTable table;
      try {
        table = InstanceTypeTable.parse(InstanceTypeTable.BAKED_PATH, baked.get());
      } catch (IllegalArgumentException e) {
        throw new EksnodeException(e.getMessage() + " (the table is baked at image build; rebuild the image)");
      }
      Optional<InstanceTypeLimits> limits = table.find(type);
      if (limits.isPresent()) {
        return new Lookup(limits, "the baked table " + InstanceTypeTable.BAKED_PATH);
      }
    }
    try (Ec2Api ec2 = new Ec2Api(aws, instance.region())) {
      Optional<InstanceTypeLimits> limits = ec2.describeInstanceType(type);
      return limits.isPresent()
          ? new Lookup(limits, "EC2 DescribeInstanceTypes")
          : new Lookup(Optional.empty(), "EC2 DescribeInstanceTypes does not know it");
    } catch (EksnodeException e) {
      LOGGER.warn("{} is not in the baked table and EC2 could not be asked: {}", type, e.getMessage());
      return new Lookup(Optional.empty(), "not in the baked table, and " + e.getMessage());
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

  /** Counts the processors in {@code /proc/cpuinfo} when the instance type is unknown. */
  private static int cpuinfoVcpus(Host host, String instanceType, String why) {
    String cpuinfo = host.readString("/proc/cpuinfo").orElseThrow(() -> new EksnodeException(
        "cannot tell the vCPU count for kubeReserved: instance type " + instanceType + " is unknown"
            + (why.isEmpty() ? "" : " (" + why + ")") + " and /proc/cpuinfo is missing"));
    int count = (int) cpuinfo.lines().filter(line -> line.matches("processor\\s*:.*")).count();
    if (count == 0) {
      throw new EksnodeException("/proc/cpuinfo lists no processor; cannot compute kubeReserved for " + instanceType);
    }
    return count;
  }
}
