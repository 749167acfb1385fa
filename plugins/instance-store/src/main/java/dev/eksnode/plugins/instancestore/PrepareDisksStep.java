package dev.eksnode.plugins.instancestore;

import dev.eksnode.node.CommandFailedException;
import dev.eksnode.node.Commands;
import dev.eksnode.node.InstanceInfo;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.plugins.instancestore.InstanceStoreConfig.Strategy;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the instance-store disks and makes them ready to mount: builds the RAID array, or
 * re-assembles the one already on the disks (never re-creates it: instance store survives a reboot),
 * and makes an XFS filesystem only where there is none.
 *
 * <p>Whether an array exists is read from the disks ({@code /proc/mdstat}, {@code mdadm --detail
 * --scan}, then each disk's superblock with {@code mdadm --examine}), not from a marker on the root
 * volume: the root volume survives a stop and start, the instance store does not.
 */
final class PrepareDisksStep implements Step {

  private static final Logger LOGGER = LoggerFactory.getLogger(PrepareDisksStep.class);

  static final String ARRAY_NAME = "kubernetes";
  static final String ARRAY = "/dev/md/" + ARRAY_NAME;

  @Override
  public String id() {
    return "instance-store/disks";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> readsIfPresent() {
    return Set.of(NodeFacts.INSTANCE);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(Volume.PREPARED);
  }

  @Override
  public Outcome apply(StepContext context) {
    InstanceStoreConfig config = context.config(InstanceStoreConfig.class);
    Host host = context.host();
    Map<String, String> mapping =
        context.fact(NodeFacts.INSTANCE).map(InstanceInfo::instanceStoreDevices).orElse(Map.of());
    List<Disk> disks = Disk.find(host);
    if (disks.isEmpty() && !mapping.isEmpty()) {
      // Not an NVMe instance store (a Xen instance type): metadata's mapping names the disks.
      List<String> missing = new ArrayList<>();
      disks = Disk.fromMapping(host, mapping, missing);
      if (!missing.isEmpty()) {
        LOGGER.info("metadata's block-device-mapping names {}, but /sys/block has no such disk", String.join(", ", missing));
      }
    } else if (mapping.size() > disks.size()) {
      LOGGER.info("metadata's block-device-mapping lists {} instance-store volumes ({}), sysfs shows {} NVMe instance-store "
          + "disks; using sysfs's", mapping.size(), String.join(", ", mapping.keySet()), disks.size());
    }
    if (disks.isEmpty()) {
      return Outcome.skipped("no NVMe instance-store disks (model '" + Disk.MODEL + "' under /sys/block)"
          + (mapping.isEmpty() ? " and no ephemeralN entries in metadata's block-device-mapping"
              : " and none of the disks metadata's block-device-mapping names is under /sys/block"));
    }
    LOGGER.debug("instance-store disks: {}", disks);
    List<Volume> volumes = new ArrayList<>();
    if (config.strategy() == Strategy.MOUNT || disks.size() == 1) {
      // An array of one disk adds nothing; the disk is mounted as it is.
      for (Disk disk : disks) {
        volumes.add(filesystem(host, disk.stableDevice(), false, List.of()));
      }
    } else {
      volumes.add(array(host, disks, config.strategy()));
    }
    context.publish(Volume.PREPARED, new Volume.Prepared(volumes));
    return Outcome.done();
  }

  private static Volume array(Host host, List<Disk> disks, Strategy strategy) {
    List<String> devices = disks.stream().map(Disk::device).toList();
    if (active(host.readString("/proc/mdstat").orElse(""), disks)
        || listed(probe(host, strategy, List.of("--detail", "--scan")).stdout())) {
      return filesystem(host, ARRAY, false, List.of("-l", "su=8b"));
    }
    List<String> members = new ArrayList<>();
    for (Disk disk : disks) {
      CommandResult examine = probe(host, strategy, List.of("--examine", disk.device()));
      if (examine.succeeded()) {
        String name = superblockName(examine.stdout());
        if (!name.equals(ARRAY_NAME) && !name.endsWith(":" + ARRAY_NAME)) {
          throw new EksnodeException(disk.device() + " belongs to the md array '" + name + "', not '" + ARRAY_NAME
              + "'; refusing to overwrite it (zero its superblock with mdadm --zero-superblock to reuse the disk)");
        }
        members.add(disk.device());
      } else if (!examine.stderr().contains("No md superblock detected")) {
        throw new CommandFailedException(List.of("mdadm", "--examine", disk.device()), examine);
      }
    }
    if (!members.isEmpty()) {
      // The disks carry the array from before the reboot: put it together again, never re-create it.
      List<String> assemble = new ArrayList<>(List.of("mdadm", "--assemble", ARRAY));
      assemble.addAll(devices);
      Commands.run(host, assemble);
      return filesystem(host, ARRAY, false, List.of("-l", "su=8b"));
    }
    List<String> create = new ArrayList<>(List.of("mdadm", "--create", ARRAY, "--run", "--force",
        "--level=" + (strategy == Strategy.RAID10 ? "10" : "0"), "--name=" + ARRAY_NAME,
        "--raid-devices=" + devices.size()));
    create.addAll(devices);
    Commands.run(host, create);
    Commands.run(host, List.of("udevadm", "settle"));
    return filesystem(host, ARRAY, true, List.of("-l", "su=8b"));
  }

  private static CommandResult probe(Host host, Strategy strategy, List<String> arguments) {
    List<String> command = new ArrayList<>(List.of("mdadm"));
    command.addAll(arguments);
    CommandResult result = host.probe(command);
    if (result.exitCode() == 127) {
      throw new EksnodeException("mdadm is not installed; the " + strategy.name().toLowerCase(Locale.ROOT)
          + " strategy needs it");
    }
    return result;
  }

  /** Whether {@code /proc/mdstat} shows an active array holding one of the disks. */
  static boolean active(String mdstat, List<Disk> disks) {
    for (String line : mdstat.split("\n")) {
      if (line.startsWith("md") && line.contains(" : active ")) {
        for (Disk disk : disks) {
          if (line.contains(" " + disk.name() + "[")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether {@code mdadm --detail --scan} lists this plugin's array as assembled. */
  static boolean listed(String scan) {
    for (String line : scan.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length > 1 && fields[0].equals("ARRAY")) {
        for (String field : fields) {
          if (field.equals(ARRAY) || (field.startsWith("name=") && field.endsWith(":" + ARRAY_NAME))
              || field.equals("name=" + ARRAY_NAME)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The array name in {@code mdadm --examine} output ({@code Name : host:kubernetes  (local to host)}). */
  static String superblockName(String examine) {
    for (String line : examine.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("Name :")) {
        return trimmed.substring("Name :".length()).strip().split("\\s+")[0];
      }
    }
    return "";
  }

  /** Makes an XFS filesystem when the device has none (or {@code fresh}); keeps any it has. */
  private static Volume filesystem(Host host, String device, boolean fresh, List<String> mkfsOptions) {
    if (!fresh) {
      List<String> blkidCommand = List.of("blkid", "-o", "value", "-s", "TYPE", device);
      CommandResult blkid = host.probe(blkidCommand);
      switch (blkid.exitCode()) {
        case 0 -> {
          return new Volume(device, blkid.stdout().strip(), false);
        }
        case 2 -> {
          // blkid found no filesystem: a new disk.
        }
        case 127 ->
            throw new EksnodeException("blkid is not installed; cannot tell whether " + device + " has a filesystem");
        default -> throw new CommandFailedException(blkidCommand, blkid);
      }
    }
    List<String> mkfs = new ArrayList<>(List.of("mkfs.xfs"));
    mkfs.addAll(mkfsOptions);
    mkfs.add(device);
    Commands.run(host, mkfs);
    return new Volume(device, "xfs", true);
  }
}
