package dev.eksnode.plugins.efa;

import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Locale;
import java.util.Set;

/**
 * Counts the EFA devices and publishes {@link EfaPlugin#DEVICE_COUNT}, 0 included. A device is a PCI
 * function of vendor 0x1d0f with device id 0xefa0, 0xefa1 or 0xefa2; when sysfs lists no PCI devices
 * at all, the entries of {@code /sys/class/infiniband} are counted instead.
 */
final class DetectDevicesStep implements Step {

  static final String PCI = "/sys/bus/pci/devices";
  static final String INFINIBAND = "/sys/class/infiniband";
  static final Set<String> EFA_DEVICE_IDS = Set.of("0xefa0", "0xefa1", "0xefa2");

  @Override
  public String id() {
    return "efa/devices";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(EfaPlugin.DEVICE_COUNT);
  }

  @Override
  public Outcome apply(StepContext context) {
    int count = count(context.host());
    context.publish(EfaPlugin.DEVICE_COUNT, count);
    return count == 0 ? Outcome.skipped("no EFA device") : Outcome.done();
  }

  static int count(Host host) {
    var addresses = host.list(PCI);
    if (addresses.isEmpty()) {
      return host.list(INFINIBAND).size();
    }
    int count = 0;
    for (String address : addresses) {
      String vendor = read(host, PCI + "/" + address + "/vendor");
      String device = read(host, PCI + "/" + address + "/device");
      if (vendor.equals("0x1d0f") && EFA_DEVICE_IDS.contains(device)) {
        count++;
      }
    }
    return count;
  }

  private static String read(Host host, String path) {
    return host.readString(path).map(text -> text.strip().toLowerCase(Locale.ROOT)).orElse("");
  }
}
