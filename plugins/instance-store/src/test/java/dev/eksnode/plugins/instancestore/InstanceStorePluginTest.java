package dev.eksnode.plugins.instancestore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.StepRecord;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.PluginHarness;
import dev.eksnode.tck.SystemdVerify;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStorePluginTest {

  private static final String ENABLED = "[plugins.instance-store]\nenabled = true\n";
  private static final String UNIT = "/etc/systemd/system/mnt-k8s\\x2ddisks-0.mount";
  private static final List<String> BINDS =
      List.of("var-lib-kubelet.mount", "var-lib-containerd.mount", "var-log-pods.mount");

  @TempDir Path root;

  @BeforeEach
  void baseRoot() throws IOException {
    // The root volume is NVMe too (EBS) and must never be touched.
    disk("nvme0n1", "Amazon Elastic Block Store", "vol0123456789abcdef0");
    // mdadm --detail --scan prints tmp/assembled; --examine <disk> prints tmp/superblock-<disk> or
    // finds none, as mdadm does; blkid prints tmp/fs-<name> or finds nothing (exit 2).
    standIn("/usr/sbin/mdadm",
        """
        #!/bin/sh
        root=$(dirname "$0")/../..
        case "$1 $2" in
          "--detail --scan") cat "$root/tmp/assembled" 2>/dev/null; exit 0 ;;
          "--examine "*)
            f="$root/tmp/superblock-$(basename "$2")"
            [ -f "$f" ] && { cat "$f"; exit 0; }
            echo "mdadm: No md superblock detected on $2." >&2; exit 1 ;;
        esac
        exit 64
        """);
    standIn("/usr/sbin/blkid",
        """
        #!/bin/sh
        root=$(dirname "$0")/../..
        f="$root/tmp/fs-$(basename "$5")"
        [ -f "$f" ] || exit 2
        cat "$f"
        """);
    Files.createDirectories(root.resolve("tmp"));
  }

  private void disks(int count) throws IOException {
    for (int i = 1; i <= count; i++) {
      // Serials in the opposite order of the kernel's names: the serial decides the order.
      disk("nvme" + i + "n1", "Amazon EC2 NVMe Instance Storage", "AWS" + (10 - i) + "F00D");
    }
  }

  private PluginHarness.Run run(String toml) {
    return run(toml, Map.of());
  }

  /** A run on an instance whose metadata lists {@code mapping} as instance-store entries ({@code ephemeral0 -> sdb}). */
  private PluginHarness.Run run(String toml, Map<String, String> mapping) {
    return harness(toml, mapping).run(Phase.BOOT);
  }

  /** An m5d.large whose metadata lists {@code mapping} as instance-store entries. */
  private PluginHarness harness(String toml, Map<String, String> mapping) {
    InstanceInfo plain = PluginHarness.instance("m5d.large");
    InstanceInfo instance = new InstanceInfo(plain.instanceId(), plain.instanceType(), plain.region(),
        plain.availabilityZone(), plain.localIpv4(), plain.ipv6(), plain.mac(), plain.privateDnsName(), plain.dnsSuffix(),
        plain.vpcIpv4Cidrs(), List.of(), Optional.empty(), new TreeMap<>(mapping));
    return new PluginHarness(root, new InstanceStorePlugin()).config(toml).instance(instance)
        .cluster(PluginHarness.cluster("https://x.eks.example", "10.100.0.0/16"));
  }

  private ConfigException refusal(String toml) {
    return harness(toml, Map.of()).refusal();
  }

  private String readUnchecked(String path) {
    try {
      return read(path);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static List<String> actions(PluginHarness.Run result) {
    List<String> actions = new ArrayList<>();
    for (StepRecord step : result.report().steps()) {
      if (step.id().startsWith("instance-store/")) {
        actions.addAll(step.actions());
      }
    }
    return actions;
  }

  @Test
  void noDisksSkipsAndWritesNothing() throws IOException {
    var result = run(ENABLED);
    assertEquals("skipped", result.step("instance-store/disks").outcome());
    assertEquals("no NVMe instance-store disks (model 'Amazon EC2 NVMe Instance Storage' under /sys/block)"
            + " and no ephemeralN entries in metadata's block-device-mapping",
        result.step("instance-store/disks").detail());
    assertEquals("skipped", result.step("instance-store/mounts").outcome());
    assertFalse(Files.exists(root.resolve("etc/systemd")));
  }

  @Test
  void sysfsModelsWinOverMetadataMapping() throws IOException {
    disks(2);
    // A Nitro launch that named ephemeral volumes: metadata's device names are not the NVMe names.
    var result = run(ENABLED, Map.of("ephemeral0", "sdb", "ephemeral1", "sdc", "ephemeral2", "sdd"));
    assertEquals(
        List.of("run mdadm --create /dev/md/kubernetes --run --force --level=0 --name=kubernetes --raid-devices=2"
                + " /dev/nvme2n1 /dev/nvme1n1",
            "run udevadm settle", "run mkfs.xfs -l su=8b /dev/md/kubernetes"),
        result.step("instance-store/disks").actions());
  }

  @Test
  void withoutNvmeInstanceStoreMetadataMappingNamesTheXenDisks() throws IOException {
    // A Xen instance type (e.g. i2, d2): the instance store is sdb, sdc to metadata and xvdb, xvdc to the kernel.
    disk("xvdb", "", "");
    disk("xvdc", "", "");
    var result = run(ENABLED, Map.of("ephemeral1", "/dev/sdc", "ephemeral0", "sdb"));
    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertEquals(
        List.of("run mdadm --create /dev/md/kubernetes --run --force --level=0 --name=kubernetes --raid-devices=2"
                + " /dev/xvdb /dev/xvdc",
            "run udevadm settle", "run mkfs.xfs -l su=8b /dev/md/kubernetes"),
        result.step("instance-store/disks").actions());
  }

  @Test
  void metadataMappingOfOneDiskMountsItByKernelName() throws IOException {
    disk("sdb", "", "");
    var result = run("[plugins.instance-store]\nenabled = true\nstrategy = \"mount\"\n", Map.of("ephemeral0", "sdb"));
    assertEquals(List.of("run mkfs.xfs /dev/sdb"), result.step("instance-store/disks").actions());
    assertTrue(read(UNIT).contains("What=/dev/sdb\n"), () -> readUnchecked(UNIT));
  }

  @Test
  void metadataMappingNamingNoPresentDiskSkips() throws IOException {
    var result = run(ENABLED, Map.of("ephemeral0", "sdb"));
    assertEquals("skipped", result.step("instance-store/disks").outcome());
    assertEquals("no NVMe instance-store disks (model 'Amazon EC2 NVMe Instance Storage' under /sys/block)"
            + " and none of the disks metadata's block-device-mapping names is under /sys/block",
        result.step("instance-store/disks").detail());
    assertFalse(Files.exists(root.resolve("etc/systemd")));
  }

  @Test
  void oneDiskIsMountedWithoutAnArray() throws IOException {
    disks(1);
    var result = run(ENABLED);
    assertTrue(result.report().succeeded(), () -> result.report().steps().toString());
    assertEquals(
        List.of("run mkfs.xfs /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS9F00D",
            "systemctl daemon-reload",
            "systemctl enable mnt-k8s\\x2ddisks-0.mount", "systemctl start mnt-k8s\\x2ddisks-0.mount",
            "run cp -a /var/lib/kubelet/. /mnt/k8s-disks/0/kubelet/",
            "run cp -a /var/lib/containerd/. /mnt/k8s-disks/0/containerd/",
            "run cp -a /var/log/pods/. /mnt/k8s-disks/0/pod-logs/",
            "systemctl enable var-lib-kubelet.mount", "systemctl start var-lib-kubelet.mount",
            "systemctl enable var-lib-containerd.mount", "systemctl start var-lib-containerd.mount",
            "systemctl enable var-log-pods.mount", "systemctl start var-log-pods.mount"),
        actions(result));
    assertEquals(
        """
        # Written by eksnode (instance-store plugin).
        [Unit]
        Description=EC2 instance store volume 0
        Before=containerd.service kubelet.service

        [Mount]
        What=/dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS9F00D
        Where=/mnt/k8s-disks/0
        Type=xfs
        Options=defaults,noatime

        [Install]
        WantedBy=local-fs.target
        """,
        read(UNIT));
    assertEquals(
        """
        # Written by eksnode (instance-store plugin).
        [Unit]
        Description=/var/lib/kubelet on the EC2 instance store
        RequiresMountsFor=/mnt/k8s-disks/0
        Before=containerd.service kubelet.service

        [Mount]
        What=/mnt/k8s-disks/0/kubelet
        Where=/var/lib/kubelet
        Type=none
        Options=bind

        [Install]
        WantedBy=local-fs.target
        """,
        read("/etc/systemd/system/var-lib-kubelet.mount"));
  }

  @Test
  void fourDisksRaid0() throws IOException {
    disks(4);
    var result = run(ENABLED);
    assertEquals(
        List.of("run mdadm --create /dev/md/kubernetes --run --force --level=0 --name=kubernetes --raid-devices=4"
                + " /dev/nvme4n1 /dev/nvme3n1 /dev/nvme2n1 /dev/nvme1n1",
            "run udevadm settle", "run mkfs.xfs -l su=8b /dev/md/kubernetes"),
        result.step("instance-store/disks").actions());
    assertTrue(read(UNIT).contains("What=/dev/md/kubernetes\n"));
  }

  @Test
  void fourDisksRaid10() {
    disksUnchecked(4);
    var result = run(ENABLED + "strategy = \"RAID10\"\n");
    assertTrue(result.step("instance-store/disks").actions().getFirst().contains(" --level=10 "),
        result.step("instance-store/disks").actions().toString());
  }

  @Test
  void fourDisksMountStrategyMountsEachByStableName() throws IOException {
    disks(4);
    var result = run(ENABLED + "strategy = \"mount\"\nmountPath = \"/mnt/local disks\"\n");
    assertEquals(
        List.of("run mkfs.xfs /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS6F00D",
            "run mkfs.xfs /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS7F00D",
            "run mkfs.xfs /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS8F00D",
            "run mkfs.xfs /dev/disk/by-id/nvme-Amazon_EC2_NVMe_Instance_Storage_AWS9F00D"),
        result.step("instance-store/disks").actions());
    for (int i = 0; i < 4; i++) {
      assertTrue(read("/etc/systemd/system/mnt-local\\x20disks-" + i + ".mount").contains("Where=/mnt/local disks/" + i + "\n"));
    }
    assertTrue(read("/etc/systemd/system/var-lib-kubelet.mount").contains("What=/mnt/local disks/0/kubelet\n"));
    assertTrue(read("/etc/systemd/system/var-lib-kubelet.mount").contains("RequiresMountsFor=\"/mnt/local disks/0\"\n"),
        "quoted: systemd reads RequiresMountsFor= as a space-separated list");
  }

  @Test
  void rebootWithActiveArrayCreatesNothingAndChangesNothing() throws IOException {
    disks(4);
    run(ENABLED);
    reboot();
    write("/proc/mdstat", """
        Personalities : [raid0]
        md127 : active raid0 nvme1n1[3] nvme2n1[2] nvme3n1[1] nvme4n1[0]
              7812235264 blocks super 1.2 512k chunks

        unused devices: <none>
        """);
    var result = run(ENABLED);
    assertEquals(List.of(), actions(result));
    assertEquals("unchanged", result.step("instance-store/disks").outcome());
    assertEquals("unchanged", result.step("instance-store/mounts").outcome());
  }

  @Test
  void rebootWithArrayOnlyOnTheDisksAssemblesItNeverCreates() throws IOException {
    disks(4);
    run(ENABLED);
    reboot();
    for (int i = 1; i <= 4; i++) {
      write("/tmp/superblock-nvme" + i + "n1", superblock("ip-10-0-1-23:kubernetes"));
    }
    Files.delete(root.resolve("proc/mounts"));
    Files.writeString(root.resolve("proc/mounts"), "/dev/nvme0n1p1 / xfs rw 0 0\n");
    var result = run(ENABLED);
    assertEquals(List.of("run mdadm --assemble /dev/md/kubernetes /dev/nvme4n1 /dev/nvme3n1 /dev/nvme2n1 /dev/nvme1n1"),
        result.step("instance-store/disks").actions());
    assertEquals(
        List.of("systemctl start mnt-k8s\\x2ddisks-0.mount", "systemctl start var-lib-kubelet.mount",
            "systemctl start var-lib-containerd.mount", "systemctl start var-log-pods.mount"),
        result.step("instance-store/mounts").actions(), "no copy onto a volume that already holds data");
  }

  @Test
  void rebootWithArrayListedByMdadmUsesIt() throws IOException {
    disks(4);
    run(ENABLED);
    reboot();
    write("/tmp/assembled", "ARRAY /dev/md/kubernetes metadata=1.2 name=ip-10-0-1-23:kubernetes UUID=3aa2c7a1:0b1e8e1f:2a0c4f4e:7c1d2e3f\n");
    var result = run(ENABLED);
    assertEquals(List.of(), actions(result));
  }

  @Test
  void refusesToOverwriteADiskOfAnotherArray() throws IOException {
    disks(2);
    write("/tmp/superblock-nvme2n1", superblock("build-host:scratch"));
    var result = run(ENABLED);
    assertEquals("/dev/nvme2n1 belongs to the md array 'build-host:scratch', not 'kubernetes'; refusing to overwrite it"
        + " (zero its superblock with mdadm --zero-superblock to reuse the disk)", result.step("instance-store/disks").detail());
    assertEquals(List.of(), result.step("instance-store/disks").actions());
  }

  @Test
  void worksWithTheConformanceKitsMdadmStandIn() throws IOException {
    // The stand-in of tck/kit's instance-store-m5d root: no array yet, --examine finds no superblock.
    standIn("/usr/sbin/mdadm",
        """
        #!/bin/sh
        case "$*" in
          --version|-V) echo "mdadm - v4.2 - 2021-12-30 - 3" >&2 ;;
          "--detail --scan"|"-Ds"|"--detail --scan --verbose") ;;
          --examine*|-E*) echo "mdadm: No md superblock detected on ${2:-device}." >&2; exit 1 ;;
          *) echo "mdadm stand-in: only --version, --detail --scan and --examine are answered" >&2; exit 64 ;;
        esac
        """);
    write("/sys/block/nvme1n1/device/model", "Amazon EC2 NVMe Instance Storage        \n");
    write("/sys/block/nvme2n1/device/model", "Amazon EC2 NVMe Instance Storage        \n");
    var result = run(ENABLED);
    assertEquals(List.of("run mdadm --create /dev/md/kubernetes --run --force --level=0 --name=kubernetes --raid-devices=2"
            + " /dev/nvme1n1 /dev/nvme2n1", "run udevadm settle", "run mkfs.xfs -l su=8b /dev/md/kubernetes"),
        result.step("instance-store/disks").actions());
  }

  @Test
  void afterStopAndStartTheBlankDisksGetANewArray() throws IOException {
    disks(4);
    run(ENABLED);
    var result = run(ENABLED);
    assertTrue(result.step("instance-store/disks").actions().getFirst().startsWith("run mdadm --create "));
    assertTrue(actions(result).contains("run cp -a /var/lib/kubelet/. /mnt/k8s-disks/0/kubelet/"));
  }

  @Test
  void disabledMountsAcceptNodeadmSpelling() throws IOException {
    disks(2);
    run(ENABLED + "disabledMounts = [\"Containerd\", \"PodLogs\"]\n");
    assertTrue(Files.exists(root.resolve("etc/systemd/system/var-lib-kubelet.mount")));
    assertFalse(Files.exists(root.resolve("etc/systemd/system/var-lib-containerd.mount")));
    assertFalse(Files.exists(root.resolve("etc/systemd/system/var-log-pods.mount")));
  }

  @Test
  void missingMdadmFailsNamingIt() throws IOException {
    disks(2);
    Files.delete(root.resolve("usr/sbin/mdadm"));
    var result = run(ENABLED);
    assertEquals("mdadm is not installed; the raid0 strategy needs it", result.step("instance-store/disks").detail());
    assertEquals("blocked", result.step("instance-store/mounts").outcome());
  }

  @Test
  void reportsBadSettingsTogether() {
    var error = refusal(ENABLED + "strategy = \"raid5\"\nmountPath = \"mnt/../x\"\ndisabledMounts = [\"docker\"]\n");
    assertEquals(List.of("plugins.instance-store.disabledMounts", "plugins.instance-store.mountPath",
        "plugins.instance-store.strategy"), error.problems().stream().map(p -> p.key()).sorted().toList());
  }

  @Test
  void refusesAMountPathWithCharactersSystemdWouldExpandOrUnquote() {
    for (String path : List.of("/mnt/%n", "/mnt/$(touch x)", "/mnt/a\\\\b", "/mnt/a\\\"b", "/mnt/`id`", "/mnt/a;b")) {
      var error = refusal(ENABLED + "mountPath = \"" + path + "\"\n");
      assertEquals(List.of("plugins.instance-store.mountPath"), error.problems().stream().map(p -> p.key()).toList(), path);
    }
  }

  @Test
  void generatedUnitsPassSystemdVerify() throws Exception {
    disks(4);
    run(ENABLED + "strategy = \"mount\"\n");
    List<String> units = new ArrayList<>(BINDS);
    try (Stream<Path> files = Files.list(root.resolve("etc/systemd/system"))) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("mnt-")).sorted().forEach(units::add);
    }
    assertEquals(7, units.size(), units.toString());
    SystemdVerify.verify(List.of(root.resolve("etc/systemd/system")), units);
  }

  /** The machine as the next boot finds it: units in place, everything mounted, the array's filesystem there. */
  private void reboot() throws IOException {
    write("/tmp/fs-kubernetes", "xfs\n");
    write("/proc/mounts", """
        /dev/nvme0n1p1 / xfs rw 0 0
        /dev/md127 /mnt/k8s-disks/0 xfs rw,noatime 0 0
        /dev/md127 /var/lib/kubelet xfs rw,noatime 0 0
        /dev/md127 /var/lib/containerd xfs rw,noatime 0 0
        /dev/md127 /var/log/pods xfs rw,noatime 0 0
        """);
  }

  private static String superblock(String name) {
    return """
        /dev/nvme1n1:
                  Magic : a92b4efc
                Version : 1.2
             Raid Level : raid0
                   Name : %s  (local to host ip-10-0-1-23)
        """.formatted(name);
  }

  private void disksUnchecked(int count) {
    try {
      disks(count);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void disk(String name, String model, String serial) throws IOException {
    write("/sys/block/" + name + "/device/model", String.format("%-40s\n", model));
    write("/sys/block/" + name + "/device/serial", String.format("%-20s\n", serial));
    write("/sys/block/" + name + "/queue/rotational", "0\n");
  }

  private String read(String path) throws IOException {
    return Files.readString(root.resolve(path.substring(1)));
  }

  private void write(String path, String content) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void standIn(String path, String script) throws IOException {
    write(path, script);
    Files.setPosixFilePermissions(root.resolve(path.substring(1)), PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
