package dev.eksnode.plugins.core.maxpods;

import dev.eksnode.spi.Host;
import java.util.Optional;

/**
 * Finds an instance type's limits without asking EC2: in the table the image build baked ({@value
 * InstanceTypeTable#BAKED_PATH}, read in the image's region), else in the table built into eksnode.
 * The boot phase and {@code eksnode max-pods} look up through here, so both find the same numbers.
 */
public final class InstanceTypeLookup {

  /**
   * Limits and the table they came from.
   *
   * @param source e.g. {@code the built-in table}, for derivations
   */
  public record Found(InstanceTypeLimits limits, String source) {}

  private InstanceTypeLookup() {}

  /**
   * The limits of {@code instanceType} from the baked table under {@code host}'s root, else from the
   * built-in table; empty when neither holds it.
   *
   * @throws IllegalArgumentException naming the file and the entry when the baked table is malformed
   */
  public static Optional<Found> find(Host host, String instanceType) {
    Optional<String> baked = host.readString(InstanceTypeTable.BAKED_PATH);
    if (baked.isPresent()) {
      Optional<InstanceTypeLimits> limits = InstanceTypeTable.find(InstanceTypeTable.BAKED_PATH, baked.get(), instanceType);
      if (limits.isPresent()) {
        return Optional.of(new Found(limits.get(), "the baked table " + InstanceTypeTable.BAKED_PATH));
      }
    }
    return BuiltInInstanceTypes.find(instanceType).map(limits -> new Found(limits, BuiltInInstanceTypes.SOURCE));
  }
}
