package dev.eksnode.plugins.nfdlabels;

import dev.eksnode.spi.Host;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the node's features from the root the way NFD's sources do, as feature name to value
 * (without the label prefix). A source that is not there yields no features.
 */
final class Features {

  /**
   * Linux x86 {@code /proc/cpuinfo} flags to NFD's CPUID feature names. Flags NFD leaves out by
   * default ({@code attributeBlacklist}: SSE*, MMX, CMOV, POPCNT, BMI1/2, RDRAND, ...) are not here.
   */
  static final Map<String, String> X86_FLAGS = Map.ofEntries(
      Map.entry("adx", "ADX"), Map.entry("aes", "AESNI"), Map.entry("avx", "AVX"), Map.entry("avx2", "AVX2"),
      Map.entry("avx512f", "AVX512F"), Map.entry("avx512bw", "AVX512BW"), Map.entry("avx512cd", "AVX512CD"),
      Map.entry("avx512dq", "AVX512DQ"), Map.entry("avx512vl", "AVX512VL"), Map.entry("avx512ifma", "AVX512IFMA"),
      Map.entry("avx512vbmi", "AVX512VBMI"), Map.entry("avx512_vbmi2", "AVX512VBMI2"),
      Map.entry("avx512_vnni", "AVX512VNNI"), Map.entry("avx512_bf16", "AVX512BF16"),
      Map.entry("avx512_bitalg", "AVX512BITALG"), Map.entry("avx512_vpopcntdq", "AVX512VPOPCNTDQ"),
      Map.entry("avx512_fp16", "AVX512FP16"), Map.entry("avx_vnni", "AVXVNNI"), Map.entry("amx_bf16", "AMXBF16"),
      Map.entry("amx_int8", "AMXINT8"), Map.entry("amx_tile", "AMXTILE"), Map.entry("fma", "FMA3"),
      Map.entry("fma4", "FMA4"), Map.entry("gfni", "GFNI"), Map.entry("hypervisor", "HYPERVISOR"),
      Map.entry("ibpb", "IBPB"), Map.entry("movdir64b", "MOVDIR64B"), Map.entry("movdiri", "MOVDIRI"),
      Map.entry("rdpid", "RDPID"), Map.entry("serialize", "SERIALIZE"), Map.entry("sha_ni", "SHA"),
      Map.entry("sse4a", "SSE4A"), Map.entry("stibp", "STIBP"), Map.entry("vaes", "VAES"),
      Map.entry("vpclmulqdq", "VPCLMULQDQ"), Map.entry("waitpkg", "WAITPKG"), Map.entry("wbnoinvd", "WBNOINVD"),
      Map.entry("xop", "XOP"), Map.entry("cldemote", "CLDEMOTE"), Map.entry("osxsave", "OSXSAVE"));

  /** ARM {@code CPU implementer} codes to vendor names. */
  static final Map<String, String> ARM_IMPLEMENTERS = Map.of("0x41", "ARM", "0xc0", "Ampere", "0x61", "Apple");

  private static final Pattern KERNEL = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
  private static final Pattern NUMA_NODE = Pattern.compile("node\\d+");
  private static final List<String> VIRTUAL_DISKS = List.of("loop", "ram", "zram");

  private final Host host;

  Features(Host host) {
    this.host = host;
  }

  /** Vendor, family, model id, CPUID flags and hardware multithreading, from {@code /proc/cpuinfo}. */
  Map<String, String> cpu() {
    Map<String, String> features = new LinkedHashMap<>();
    Map<String, String> cpu = firstProcessor(host.readString("/proc/cpuinfo").orElse(""));
    if (cpu.isEmpty()) {
      return features;
    }
    if (cpu.containsKey("vendor_id")) {
      features.put("cpu-model.vendor_id", switch (cpu.get("vendor_id")) {
        case "GenuineIntel" -> "Intel";
        case "AuthenticAMD" -> "AMD";
        default -> cpu.get("vendor_id");
      });
      put(features, "cpu-model.family", cpu.get("cpu family"));
      put(features, "cpu-model.id", cpu.get("model"));
      for (String flag : cpu.getOrDefault("flags", "").split("\\s+")) {
        String name = X86_FLAGS.get(flag);
        if (name != null) {
          features.put("cpu-cpuid." + name, "true");
        }
      }
      if (cpu.containsKey("siblings") && cpu.containsKey("cpu cores")) {
        features.put("cpu-hardware_multithreading",
            String.valueOf(number(cpu.get("siblings")) > number(cpu.get("cpu cores"))));
      }
    } else if (cpu.containsKey("CPU implementer")) {
      String implementer = cpu.get("CPU implementer").toLowerCase(Locale.ROOT);
      features.put("cpu-model.vendor_id", ARM_IMPLEMENTERS.getOrDefault(implementer, implementer));
      put(features, "cpu-model.family", cpu.get("CPU architecture"));
      String part = cpu.get("CPU part");
      if (part != null && part.startsWith("0x")) {
        features.put("cpu-model.id", String.valueOf(Long.parseLong(part.substring(2), 16)));
      }
      for (String flag : cpu.getOrDefault("Features", "").split("\\s+")) {
        if (!flag.isBlank()) {
          features.put("cpu-cpuid." + flag.toUpperCase(Locale.ROOT), "true");
        }
      }
      features.put("cpu-hardware_multithreading", "false");
    }
    return features;
  }

  /** The kernel release and its major, minor and revision numbers. */
  Map<String, String> kernel() {
    Map<String, String> features = new LinkedHashMap<>();
    String release = host.readString("/proc/sys/kernel/osrelease").orElse("").strip();
    if (release.isEmpty()) {
      return features;
    }
    features.put("kernel-version.full", release);
    Matcher matcher = KERNEL.matcher(release);
    if (matcher.matches()) {
      features.put("kernel-version.major", matcher.group(1));
      features.put("kernel-version.minor", matcher.group(2));
      put(features, "kernel-version.revision", matcher.group(3));
    }
    return features;
  }

  /** The OS id and version (with its major and minor parts when it has them), from {@code /etc/os-release}. */
  Map<String, String> system() {
    Map<String, String> features = new LinkedHashMap<>();
    Map<String, String> release = new LinkedHashMap<>();
    for (String line : host.readString("/etc/os-release").orElse("").split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0 && !line.startsWith("#")) {
        String value = line.substring(equals + 1).strip();
        boolean quoted = value.startsWith("\"") || value.startsWith("'");
        if (value.length() >= 2 && quoted && value.endsWith(value.substring(0, 1))) {
          value = value.substring(1, value.length() - 1);
        }
        release.put(line.substring(0, equals).strip(), value);
      }
    }
    put(features, "system-os_release.ID", release.get("ID"));
    String version = release.get("VERSION_ID");
    put(features, "system-os_release.VERSION_ID", version);
    if (version != null && version.contains(".")) {
      String[] parts = version.split("\\.");
      features.put("system-os_release.VERSION_ID.major", parts[0]);
      features.put("system-os_release.VERSION_ID.minor", parts[1]);
    }
    return features;
  }

  /** {@code pci-<class>_<vendor>.present} for devices whose class starts with one of {@code classes}. */
  Map<String, String> pci(List<String> classes) {
    Map<String, String> features = new LinkedHashMap<>();
    for (String device : host.list("/sys/bus/pci/devices")) {
      String base = "/sys/bus/pci/devices/" + device;
      String deviceClass = hex(host.readString(base + "/class").orElse(""));
      String vendor = hex(host.readString(base + "/vendor").orElse(""));
      if (deviceClass.length() < 4 || vendor.isEmpty()) {
        continue;
      }
      String class4 = deviceClass.substring(0, 4);
      if (classes.stream().anyMatch(class4::startsWith)) {
        features.put("pci-" + class4 + "_" + vendor + ".present", "true");
      }
    }
    return features;
  }

  /** {@code storage-nonrotationaldisk} when a real block device reports it does not rotate. */
  Map<String, String> storage() {
    for (String device : host.list("/sys/block")) {
      if (VIRTUAL_DISKS.stream().anyMatch(device::startsWith)) {
        continue;
      }
      if (host.readString("/sys/block/" + device + "/queue/rotational").orElse("").strip().equals("0")) {
        return Map.of("storage-nonrotationaldisk", "true");
      }
    }
    return Map.of();
  }

  /** {@code memory-numa} when the machine has more than one NUMA node. */
  Map<String, String> memory() {
    long nodes = host.list("/sys/devices/system/node").stream().filter(n -> NUMA_NODE.matcher(n).matches()).count();
    return nodes > 1 ? Map.of("memory-numa", "true") : Map.of();
  }

  /** The fields of {@code /proc/cpuinfo}, each as the first processor states it (ARM lists some only once). */
  static Map<String, String> firstProcessor(String cpuinfo) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  private static void put(Map<String, String> features, String name, String value) {
    if (value != null && !value.isBlank()) {
      features.put(name, value.strip());
    }
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code 0x030200} -> {@code 030200}, lower case; empty when it is not hex. */
  private static String hex(String raw) {
    String text = raw.strip().toLowerCase(Locale.ROOT);
    if (text.startsWith("0x")) {
      text = text.substring(2);
    }
    return text.matches("[0-9a-f]+") ? text : "";
  }
}
