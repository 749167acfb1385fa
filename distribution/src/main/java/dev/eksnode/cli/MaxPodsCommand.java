package dev.eksnode.cli;

import dev.eksnode.kernel.config.Suggestions;
import dev.eksnode.plugins.core.maxpods.InstanceTypeLimits;
import dev.eksnode.plugins.core.maxpods.InstanceTypeTable;
import dev.eksnode.plugins.core.maxpods.KubeReserved;
import dev.eksnode.plugins.core.maxpods.MaxPods;
import dev.eksnode.plugins.core.maxpods.MaxPodsPolicy;
import dev.eksnode.spi.EksnodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code eksnode max-pods}: the max pods of an instance type, from the same formulas and tables the
 * boot phase uses (the core plugin's {@code maxpods} package, exported to this module alone).
 */
final class MaxPodsCommand {

  /**
   * What the command found.
   *
   * @param instanceType the type asked about
   * @param result the value and its derivation
   * @param limits the type's limits, when a table knows it
   * @param suggestion a known type close to an unknown one, when there is one
   */
  record Answer(String instanceType, MaxPods result, Optional<InstanceTypeLimits> limits, Optional<String> suggestion) {

    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("instanceType", instanceType);
      json.put("maxPods", result.value());
      json.put("derivation", result.derivation());
      limits.ifPresent(l -> json.put("kubeReserved", KubeReserved.of(result.value(), l.vcpus())));
      return json;
    }
  }

  private MaxPodsCommand() {}

  static Answer answer(Args args) {
    String type = args.instanceType.orElseThrow(() -> new Args.UsageException("max-pods needs --instance-type, e.g. --instance-type m5.large"));
    if (args.prefixDelegation && args.customNetworking) {
      throw new Args.UsageException("--prefix-delegation and --custom-networking exclude each other");
    }
    if (args.cniVersion.isPresent() && !MaxPods.isVersion(args.cniVersion.get())) {
      throw new Args.UsageException("--cni-version takes a version like 1.19.2, not '" + args.cniVersion.get() + "'");
    }
    MaxPodsPolicy policy =
        args.prefixDelegation ? MaxPodsPolicy.PREFIX_DELEGATION
            : args.customNetworking ? MaxPodsPolicy.CUSTOM_NETWORKING : MaxPodsPolicy.STANDARD;
    Path baked = args.root.resolve(InstanceTypeTable.BAKED_PATH.substring(1));
    InstanceTypeTable table;
    String source;
    if (Files.isRegularFile(baked)) {
      try {
        table = InstanceTypeTable.parse(baked.toString(), Files.readString(baked));
      } catch (IOException | IllegalArgumentException e) {
        throw new EksnodeException("cannot read the baked instance type table: " + e.getMessage(), e);
      }
      source = "the baked table " + baked;
    } else {
      table = InstanceTypeTable.builtIn();
      source = "the built-in table";
    }
    Optional<InstanceTypeLimits> limits = table.find(type);
    if (limits.isEmpty()) {
      MaxPods unknown = MaxPods.unknown(type);
      return new Answer(
          type, new MaxPods(unknown.value(), unknown.derivation() + " (not in " + source + ")"), limits,
          Suggestions.closest(type, table.types().keySet()));
    }
    return new Answer(type, MaxPods.compute(limits.get(), policy, args.cniVersion).from(source), limits, Optional.empty());
  }

  /** The lines of the text output: the number first, then how it came about. */
  static String text(Answer answer) {
    StringBuilder text = new StringBuilder();
    text.append(answer.result().value()).append('\n');
    text.append(answer.result().derivation()).append('\n');
    answer.limits().ifPresent(limits ->
        text.append("kubeReserved: ").append(KubeReserved.explain(answer.result().value(), limits.vcpus())).append('\n'));
    return text.toString();
  }
}
