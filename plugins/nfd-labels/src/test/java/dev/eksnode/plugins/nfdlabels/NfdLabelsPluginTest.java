package dev.eksnode.plugins.nfdlabels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.PluginHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NfdLabelsPluginTest {

  private static final String ENABLED = "[plugins.nfd-labels]\nenabled = true\n";
  private static final String P = "feature.node.kubernetes.io/";

  @TempDir Path root;

  private PluginHarness harness(String toml) {
    return new PluginHarness(root, new NfdLabelsPlugin()).config(toml).instanceType("m5d.large")
        .cluster(PluginHarness.cluster("https://x.eks.example", "10.100.0.0/16"));
  }

  private Map<String, String> labels(String toml) {
    var result = harness(toml).run(Phase.BOOT);
    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    return result.labels();
  }

  /** An m5d.2xlarge-like root: Intel Xeon with AVX-512, SMT, NVMe disks, one NUMA node, an EFA. */
  private void intelRoot() throws IOException {
    String processor =
        """
        processor	: %d
        vendor_id	: GenuineIntel
        cpu family	: 6
        model		: 85
        model name	: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz
        siblings	: 8
        core id		: 0
        cpu cores	: 4
        flags		: fpu vme sse sse2 ht syscall nx rdtscp lm constant_tsc pni pclmulqdq ssse3 fma cx16 sse4_1 sse4_2 popcnt aes xsave avx f16c rdrand hypervisor avx2 bmi1 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni

        """;
    write("/proc/cpuinfo", processor.formatted(0) + processor.formatted(1));
    common("6.1.112-124.190.amzn2023.x86_64");
    pci("0000:00:1f.0", "0x020000", "0x1d0f");
    pci("0000:00:03.0", "0x030000", "0x1d0f");
    write("/sys/devices/system/node/node0/meminfo", "");
    write("/sys/devices/system/node/possible", "0\n");
  }

  private void common(String kernel) throws IOException {
    write("/proc/sys/kernel/osrelease", kernel + "\n");
    write("/etc/os-release",
        """
        NAME="Amazon Linux"
        VERSION="2023"
        ID="amzn"
        ID_LIKE="fedora"
        VERSION_ID="2023"
        PLATFORM_ID="platform:al2023"
        """);
    write("/sys/block/nvme0n1/queue/rotational", "0\n");
    write("/sys/block/loop0/queue/rotational", "0\n");
  }

  @Test
  void intel() throws IOException {
    intelRoot();
    assertEquals(
        new TreeMap<>(Map.ofEntries(
            Map.entry(P + "cpu-model.vendor_id", "Intel"),
            Map.entry(P + "cpu-model.family", "6"),
            Map.entry(P + "cpu-model.id", "85"),
            Map.entry(P + "cpu-cpuid.AESNI", "true"),
            Map.entry(P + "cpu-cpuid.AVX", "true"),
            Map.entry(P + "cpu-cpuid.AVX2", "true"),
            Map.entry(P + "cpu-cpuid.AVX512BW", "true"),
            Map.entry(P + "cpu-cpuid.AVX512CD", "true"),
            Map.entry(P + "cpu-cpuid.AVX512DQ", "true"),
            Map.entry(P + "cpu-cpuid.AVX512F", "true"),
            Map.entry(P + "cpu-cpuid.AVX512VL", "true"),
            Map.entry(P + "cpu-cpuid.AVX512VNNI", "true"),
            Map.entry(P + "cpu-cpuid.FMA3", "true"),
            Map.entry(P + "cpu-cpuid.HYPERVISOR", "true"),
            Map.entry(P + "cpu-hardware_multithreading", "true"),
            Map.entry(P + "kernel-version.full", "6.1.112-124.190.amzn2023.x86_64"),
            Map.entry(P + "kernel-version.major", "6"),
            Map.entry(P + "kernel-version.minor", "1"),
            Map.entry(P + "kernel-version.revision", "112"),
            Map.entry(P + "system-os_release.ID", "amzn"),
            Map.entry(P + "system-os_release.VERSION_ID", "2023"),
            Map.entry(P + "pci-0300_1d0f.present", "true"),
            Map.entry(P + "storage-nonrotationaldisk", "true"))),
        labels(ENABLED));
  }

  @Test
  void amdWithNvidiaGpusAndTwoNumaNodes() throws IOException {
    String processor =
        """
        processor	: 0
        vendor_id	: AuthenticAMD
        cpu family	: 25
        model		: 1
        model name	: AMD EPYC 7R13 Processor
        siblings	: 4
        cpu cores	: 2
        flags		: fpu sse sse2 ht aes avx avx2 sha_ni fma bmi2 vaes vpclmulqdq sse4a hypervisor

        """;
    write("/proc/cpuinfo", processor);
    common("5.10.227-219.884.amzn2.x86_64");
    write("/etc/os-release", "ID=amzn\nVERSION_ID=\"2\"\n");
    pci("0000:00:1e.0", "0x030200", "0x10de");
    pci("0000:00:1d.0", "0x030200", "0x10de");
    pci("0000:00:04.0", "0x010802", "0x1d0f");
    write("/sys/devices/system/node/node0/meminfo", "");
    write("/sys/devices/system/node/node1/meminfo", "");
    Map<String, String> labels = labels(ENABLED);

    assertEquals("AMD", labels.get(P + "cpu-model.vendor_id"));
    assertEquals("25", labels.get(P + "cpu-model.family"));
    assertEquals("1", labels.get(P + "cpu-model.id"));
    assertEquals("true", labels.get(P + "cpu-cpuid.SHA"));
    assertEquals("true", labels.get(P + "cpu-cpuid.VAES"));
    assertEquals("true", labels.get(P + "cpu-cpuid.SSE4A"));
    assertEquals(null, labels.get(P + "cpu-cpuid.BMI2"), "NFD leaves out blacklisted flags");
    assertEquals("true", labels.get(P + "cpu-hardware_multithreading"));
    assertEquals("227", labels.get(P + "kernel-version.revision"));
    assertEquals("2", labels.get(P + "system-os_release.VERSION_ID"));
    assertEquals("true", labels.get(P + "pci-0302_10de.present"));
    assertEquals(null, labels.get(P + "pci-0108_1d0f.present"), "NVMe controllers are not in the default classes");
    assertEquals("true", labels.get(P + "memory-numa"));
  }

  @Test
  void gravitonLike() throws IOException {
    String processor =
        """
        processor	: %d
        BogoMIPS	: 2100.00
        Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng
        CPU implementer	: 0x41
        CPU architecture: 8
        CPU variant	: 0x1
        CPU part	: 0xd40
        CPU revision	: 1

        """;
    write("/proc/cpuinfo", processor.formatted(0) + processor.formatted(1));
    common("6.1.112-124.190.amzn2023.aarch64");
    Map<String, String> labels = labels(ENABLED);

    assertEquals("ARM", labels.get(P + "cpu-model.vendor_id"));
    assertEquals("8", labels.get(P + "cpu-model.family"));
    assertEquals("3392", labels.get(P + "cpu-model.id"));
    assertEquals("true", labels.get(P + "cpu-cpuid.SVE"));
    assertEquals("true", labels.get(P + "cpu-cpuid.ASIMD"));
    assertEquals("false", labels.get(P + "cpu-hardware_multithreading"));
    assertEquals("6.1.112-124.190.amzn2023.aarch64", labels.get(P + "kernel-version.full"));
  }

  @Test
  void onlyTheConfiguredGroups() throws IOException {
    intelRoot();
    assertEquals(
        Map.of(P + "kernel-version.full", "6.1.112-124.190.amzn2023.x86_64", P + "kernel-version.major", "6",
            P + "kernel-version.minor", "1", P + "kernel-version.revision", "112",
            P + "storage-nonrotationaldisk", "true"),
        labels(ENABLED + "groups = [\"kernel\", \"storage\"]\n"));
  }

  @Test
  void configuredPciClasses() throws IOException {
    intelRoot();
    Map<String, String> labels = labels(ENABLED + "groups = [\"pci\"]\npciClasses = [\"02\"]\n");
    assertEquals(Map.of(P + "pci-0200_1d0f.present", "true"), labels);
  }

  @Test
  void valuesObeyLabelSyntax() throws IOException {
    write("/etc/os-release", "ID=\"-Weird Linux!\"\nVERSION_ID=\"2024.10.0+build/" + "x".repeat(80) + "\"\n");
    Map<String, String> labels = labels(ENABLED + "groups = [\"system\"]\n");
    String version = labels.get(P + "system-os_release.VERSION_ID");
    assertEquals("Weird_Linux", labels.get(P + "system-os_release.ID"));
    assertEquals(63, version.length());
    assertTrue(version.matches("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?"), version);
    assertEquals("2024", labels.get(P + "system-os_release.VERSION_ID.major"));
    assertEquals("10", labels.get(P + "system-os_release.VERSION_ID.minor"));
  }

  @Test
  void emptyRootSkips() {
    var result = new PluginHarness(root, new NfdLabelsPlugin()).config(ENABLED).noInstance().run(Phase.BOOT);
    assertEquals("skipped", result.step("nfd-labels/labels").outcome());
  }

  @Test
  void reportsUnknownGroupsAndBadClasses() {
    ConfigException error = harness(ENABLED + "groups = [\"gpu\"]\npciClasses = [\"3\"]\n").refusal();
    assertEquals(List.of("plugins.nfd-labels.groups", "plugins.nfd-labels.pciClasses"),
        error.problems().stream().map(p -> p.key()).sorted().toList());
  }

  private void pci(String address, String deviceClass, String vendor) throws IOException {
    write("/sys/bus/pci/devices/" + address + "/class", deviceClass + "\n");
    write("/sys/bus/pci/devices/" + address + "/vendor", vendor + "\n");
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
