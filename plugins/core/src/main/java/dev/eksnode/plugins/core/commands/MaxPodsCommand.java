package dev.eksnode.plugins.core.commands;

import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
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
    return "eksnode max-pods --instance-type TYPE [--prefix-delegation|--custom-networking] [--cni-version V]";
  }

  @Override
  public String help() {
    return """
        Looks the instance type up in the table baked at image build (/etc/eksnode/instance-types.json
        under --root), else in the table built into eksnode, and applies the formula of the VPC CNI mode:
        secondary IPs (default): ENIs x (IPv4 per ENI - 1) + 2; --prefix-delegation: ENIs x ((IPv4 per
        ENI - 1) x 16) + 2, Nitro only, VPC CNI 1.9+, capped at 110 (30 vCPUs or fewer) or 250;
        --custom-networking: (ENIs - 1) x (IPv4 per ENI - 1) + 2. An unknown type gets 110. The first
        line is the number; then the derivation and the kubeReserved that follows from it.

        Example: eksnode max-pods --instance-type m5.large --prefix-delegation --cni-version 1.19.2""";
  }

  private static ConfigException usage(String message) {
    return new ConfigException(List.of(new ConfigProblem(ConfigLocation.of("command line"), "", message, "")));
  }

  @Override
  public Result run(List<String> arguments, Host host) {
    Optional<String> type = Optional.empty();
    Optional<String> cniVersion = Optional.empty();
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
    Optional<String> baked = host.readString(InstanceTypeTable.BAKED_PATH);
    InstanceTypeTable table;
    String source;
    if (baked.isPresent()) {
      try {
        table = InstanceTypeTable.parse(InstanceTypeTable.BAKED_PATH, baked.get());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(InstanceTypeTable.BAKED_PATH), "",
            "is not an instance type table: " + e.getMessage(), "rerun eksnode image build")));
      }
      source = "the baked table " + InstanceTypeTable.BAKED_PATH;
    } else {
      table = InstanceTypeTable.builtIn();
      source = "the built-in table";
    }
    Optional<InstanceTypeLimits> limits = table.find(type.get());
    MaxPods result;
    if (limits.isEmpty()) {
      MaxPods unknown = MaxPods.unknown(type.get());
      result = new MaxPods(unknown.value(), unknown.derivation() + " (not in " + source + ")");
    } else {
      result = MaxPods.compute(limits.get(), policy, cniVersion).from(source);
    }
    StringBuilder text = new StringBuilder();
    text.append(result.value()).append('\n').append(result.derivation()).append('\n');
    limits.ifPresent(l -> text.append("kubeReserved: ").append(KubeReserved.explain(result.value(), l.vcpus())).append('\n'));
    if (limits.isEmpty()) {
      int dot = type.get().indexOf('.');
      String family = dot < 0 ? type.get() : type.get().substring(0, dot + 1);
      List<String> near = table.types().keySet().stream().filter(t -> t.startsWith(family)).sorted().limit(4).toList();
      if (!near.isEmpty()) {
        text.append("known types of that family: ").append(String.join(", ", near)).append('\n');
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("instanceType", type.get());
    json.put("maxPods", result.value());
    json.put("derivation", result.derivation());
    limits.ifPresent(l -> json.put("kubeReserved", KubeReserved.of(result.value(), l.vcpus())));
    return new Result(0, text.toString(), json);
  }

  private static String next(List<String> arguments, int i, String flag) {
    if (i >= arguments.size()) {
      throw usage(flag + " needs a value");
    }
    return arguments.get(i);
  }
}
