package dev.eksnode.plugins.core.commands;

import dev.eksnode.plugins.core.maxpods.BuiltInInstanceTypes;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLookup;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
import dev.eksnode.plugins.core.maxpods.KubeReserved;
import dev.eksnode.plugins.core.maxpods.MaxPods;
import dev.eksnode.plugins.core.maxpods.MaxPodsPolicy;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.PluginCommand;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code eksnode max-pods}: the max pods of an instance type and how it was derived, from the same
 * formulas and tables the boot phase uses.
 */
public final class MaxPodsCommand implements PluginCommand {

  @Override
  public String name() {
    return "max-pods";
  }

  @Override
  public String summary() {
    return "Print the max pods of an instance type and how the number was derived.";
  }

  @Override
  public String usage() {
    return "eksnode max-pods --instance-type TYPE [--prefix-delegation|--custom-networking] [--cni-version V] [--vcpus N]";
  }

  @Override
  public String help() {
    return """
        Looks the instance type up in the table baked at image build (/etc/eksnode/instance-types.json
        under --root), else in the table built into eksnode (every current EC2 instance type), and
        applies the formula of the VPC CNI mode: secondary IPs (default): ENIs x (IPv4 per ENI - 1) + 2;
        --prefix-delegation: ENIs x ((IPv4 per ENI - 1) x 16) + 2, Nitro only, VPC CNI 1.9+, capped at
        110 (30 vCPUs or fewer) or 250; --custom-networking: (ENIs - 1) x (IPv4 per ENI - 1) + 2. An
        unknown type gets 110. The first line is the number; then the derivation and the kubeReserved
        that follows from it. --vcpus gives the vCPU count where the table has none (a booting node
        counts its own); kubeReserved's cpu and the prefix-delegation cap need it.

        Example: eksnode max-pods --instance-type m5.large --prefix-delegation --cni-version 1.19.2""";
  }

  private static ConfigException usage(String message) {
    return new ConfigException(List.of(new ConfigProblem(ConfigLocation.of("command line"), "", message, "")));
  }

  @Override
  public Result run(List<String> arguments, Host host) {
    Optional<String> type = Optional.empty();
    Optional<String> cniVersion = Optional.empty();
    OptionalInt vcpus = OptionalInt.empty();
    boolean prefixDelegation = false;
    boolean customNetworking = false;
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      String value = null;
      int eq = argument.indexOf('=');
      if (argument.startsWith("--") && eq > 0) {
        value = argument.substring(eq + 1);
        argument = argument.substring(0, eq);
      }
      switch (argument) {
        case "--instance-type" -> type = Optional.of(value != null ? value : next(arguments, ++i, argument));
        case "--cni-version" -> cniVersion = Optional.of(value != null ? value : next(arguments, ++i, argument));
        case "--vcpus" -> vcpus = OptionalInt.of(count(value != null ? value : next(arguments, ++i, argument)));
        case "--prefix-delegation" -> prefixDelegation = true;
        case "--custom-networking" -> customNetworking = true;
        default -> throw usage("max-pods does not take " + argument);
      }
    }
    if (type.isEmpty()) {
      throw usage("max-pods needs --instance-type, e.g. --instance-type m5.large");
    }
    if (prefixDelegation && customNetworking) {
      throw usage("--prefix-delegation and --custom-networking exclude each other");
    }
    if (cniVersion.isPresent() && !MaxPods.isVersion(cniVersion.get())) {
      throw usage("--cni-version takes a version like 1.19.2, not '" + cniVersion.get() + "'");
    }
    MaxPodsPolicy policy = prefixDelegation ? MaxPodsPolicy.PREFIX_DELEGATION
        : customNetworking ? MaxPodsPolicy.CUSTOM_NETWORKING : MaxPodsPolicy.STANDARD;
    Optional<InstanceTypeLookup.Found> found;
    try {
      found = InstanceTypeLookup.find(host, type.get());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(InstanceTypeTable.BAKED_PATH), "",
          "is not an instance type table: " + e.getMessage(), "rerun eksnode image build")));
    }
    OptionalInt given = vcpus;
    Optional<InstanceTypeLimits> limits = found.map(f -> given.isPresent() ? f.limits().withVcpus(given.getAsInt()) : f.limits());
    if (policy == MaxPodsPolicy.PREFIX_DELEGATION && limits.isPresent() && limits.get().vcpus().isEmpty()) {
      throw usage(type.get() + " has no vCPU count in " + found.get().source() + ", and the prefix-delegation cap depends on it"
          + " (110 up to 30 vCPUs, else 250): give it with --vcpus N");
    }
    MaxPods result;
    if (limits.isEmpty()) {
      MaxPods unknown = MaxPods.unknown(type.get());
      boolean baked = host.exists(InstanceTypeTable.BAKED_PATH);
      result = new MaxPods(unknown.value(), unknown.derivation() + " (in neither "
          + (baked ? "the baked table " + InstanceTypeTable.BAKED_PATH + " nor " : "") + BuiltInInstanceTypes.SOURCE + ")");
    } else {
      result = MaxPods.compute(limits.get(), policy, cniVersion).from(found.get().source());
    }
    StringBuilder text = new StringBuilder();
    text.append(result.value()).append('\n').append(result.derivation()).append('\n');
    OptionalInt knownVcpus = limits.map(InstanceTypeLimits::vcpus).orElse(OptionalInt.empty());
    if (knownVcpus.isPresent()) {
      text.append("kubeReserved: ").append(KubeReserved.explain(result.value(), knownVcpus.getAsInt())).append('\n');
    } else if (limits.isPresent()) {
      text.append("kubeReserved: memory 11 x ").append(result.value()).append(" + 255 = ").append(KubeReserved.memoryMiB(result.value()))
          .append("Mi, ephemeral-storage 1Gi; cpu follows the vCPU count, which ").append(found.get().source())
          .append(" does not hold (--vcpus N gives it; a node counts its own)\n");
    } else {
      int dot = type.get().indexOf('.');
      String family = dot < 0 ? type.get() : type.get().substring(0, dot + 1);
      List<String> near = BuiltInInstanceTypes.all().stream().map(InstanceTypeLimits::instanceType)
          .filter(t -> t.startsWith(family)).limit(4).toList();
      if (!near.isEmpty()) {
        text.append("known types of that family: ").append(String.join(", ", near)).append('\n');
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("instanceType", type.get());
    json.put("maxPods", result.value());
    json.put("derivation", result.derivation());
    if (knownVcpus.isPresent()) {
      json.put("kubeReserved", KubeReserved.of(result.value(), knownVcpus.getAsInt()));
    }
    return new Result(0, text.toString(), json);
  }

  private static int count(String text) {
    if (!text.matches("[1-9][0-9]{0,3}")) {
      throw usage("--vcpus takes a whole number of vCPUs from 1 to 9999, not '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static String next(List<String> arguments, int i, String flag) {
    if (i >= arguments.size()) {
      throw usage(flag + " needs a value");
    }
    return arguments.get(i);
  }
}
