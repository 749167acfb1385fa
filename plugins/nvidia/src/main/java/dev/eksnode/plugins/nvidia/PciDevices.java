package dev.eksnode.plugins.nvidia;

import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/** The PCI devices listed under {@code /sys/bus/pci/devices}, read through the host so a snapshot root answers. */
final class PciDevices {

  static final String DIRECTORY = "/sys/bus/pci/devices";

  /** NVIDIA's PCI vendor id. */
  static final int NVIDIA = 0x10de;

  /**
   * One PCI function.
   *
   * @param address e.g. {@code 0000:00:1e.0}
   * @param vendor the vendor id
   * @param device the device id, or -1 when sysfs does not say
   * @param pciClass the 24-bit class code, or -1 when sysfs does not say
   */
  record Device(String address, int vendor, int device, int pciClass) {

    /** Display controllers (class 0x03xxxx): VGA 0x0300 and 3D 0x0302; an unknown class counts. */
    boolean display() {
      return pciClass < 0 || (pciClass >> 16) == 0x03;
    }
  }

  private PciDevices() {}

  static List<Device> scan(Host host) {
    List<Device> devices = new ArrayList<>();
    for (String address : host.list(DIRECTORY)) {
      String base = DIRECTORY + "/" + address;
      OptionalInt vendor = hex(host, base + "/vendor");
      if (vendor.isEmpty()) {
        continue;
      }
      devices.add(new Device(address, vendor.getAsInt(), hex(host, base + "/device").orElse(-1), hex(host, base + "/class").orElse(-1)));
    }
    return devices;
  }

  /** The NVIDIA GPUs (vendor 0x10de, display class). */
  static List<Device> nvidiaGpus(Host host) {
    return scan(host).stream().filter(d -> d.vendor() == NVIDIA && d.display()).toList();
  }

  private static OptionalInt hex(Host host, String path) {
    return host.readString(path)
        .map(text -> text.strip().toLowerCase(Locale.ROOT))
        .filter(text -> text.matches("(0x)?[0-9a-f]+"))
        .map(text -> OptionalInt.of(Integer.parseUnsignedInt(text.startsWith("0x") ? text.substring(2) : text, 16)))
        .orElse(OptionalInt.empty());
  }
}
