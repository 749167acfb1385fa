package dev.eksnode.plugins.instancestore;

import dev.eksnode.node.LocalStorage;
import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.text.SystemdText;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.ServiceAction;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mounts the prepared volumes at {@code <mountPath>/<n>} and bind-mounts the kubelet's, containerd's
 * and the pod logs' directories onto the first, with systemd mount units that do the same at every
 * later boot. Publishes what it mounted as {@link NodeFacts#LOCAL_STORAGE}: the steps that write into
 * those directories or start the services that do read it, and so run after the mounts.
 */
final class MountDisksStep implements Step {

  static final String UNIT_DIRECTORY = "/etc/systemd/system/";

  @Override
  public String id() {
    return "instance-store/mounts";
  }

  @Override
  public Phase phase() {
    return Phase.BOOT;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(Volume.PREPARED);
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(NodeFacts.LOCAL_STORAGE);
  }

  @Override
  public Outcome apply(StepContext context) {
    var prepared = context.fact(Volume.PREPARED);
    if (prepared.isEmpty()) {
      return Outcome.skipped("no instance-store volumes");
    }
    InstanceStoreConfig config = context.config(InstanceStoreConfig.class);
    Host host = context.host();
    List<Volume> volumes = prepared.get().volumes();
    Set<String> mounted = mounted(host);

    record Unit(String name, String where, boolean changed) {}
    List<Unit> volumeUnits = new ArrayList<>();
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      String where = config.mountPath() + "/" + i;
      String name = SystemdText.mountUnit(where);
      boolean changed = host.writeString(UNIT_DIRECTORY + name, volumeUnit(i, volume, where), 0644);
      volumeUnits.add(new Unit(name, where, changed));
    }
    String first = config.mountPath() + "/0";
    List<Unit> bindUnits = new ArrayList<>();
    for (Map.Entry<String, String> bind : config.bindMounts().entrySet()) {
      String where = bind.getValue();
      String name = SystemdText.mountUnit(where);
      boolean changed = host.writeString(UNIT_DIRECTORY + name, bindUnit(first + "/" + bind.getKey(), where, first), 0644);
      bindUnits.add(new Unit(name, where, changed));
    }
    if (volumeUnits.stream().anyMatch(Unit::changed) || bindUnits.stream().anyMatch(Unit::changed)) {
      host.service(ServiceAction.DAEMON_RELOAD, "");
    }
    for (Unit unit : volumeUnits) {
      host.createDirectories(unit.where(), 0755);
      start(host, unit.name(), unit.changed(), mounted.contains(unit.where()));
    }
    boolean fresh = volumes.getFirst().fresh();
    for (Map.Entry<String, String> bind : config.bindMounts().entrySet()) {
      String source = bind.getValue();
      String target = first + "/" + bind.getKey();
      host.createDirectories(source, 0755);
      host.createDirectories(target, 0755);
      if (fresh && !mounted.contains(source)) {
        // Keep what the image put there (e.g. containerd's pre-pulled images).
        host.run(List.of("cp", "-a", source + "/.", target + "/"));
      }
    }
    for (Unit unit : bindUnits) {
      start(host, unit.name(), unit.changed(), mounted.contains(unit.where()));
    }
    Map<String, String> moved = new LinkedHashMap<>();
    config.bindMounts().forEach((name, where) -> moved.put(where, first + "/" + name));
    context.publish(NodeFacts.LOCAL_STORAGE, new LocalStorage(volumeUnits.stream().map(Unit::where).toList(), moved));
    return Outcome.done();
  }

  private static void start(Host host, String unit, boolean changed, boolean mounted) {
    if (changed) {
      host.service(ServiceAction.ENABLE, unit);
    }
    if (!mounted) {
      host.service(ServiceAction.START, unit);
    }
  }

  /** The mount points in {@code /proc/mounts} (octal escapes decoded). */
  static Set<String> mounted(Host host) {
    Set<String> points = new HashSet<>();
    for (String line : host.readString("/proc/mounts").orElse("").split("\n")) {
      String[] fields = line.split(" ");
      if (fields.length > 1) {
        points.add(fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\"));
      }
    }
    return points;
  }

  static String volumeUnit(int index, Volume volume, String where) {
    return """
        # Written by eksnode (instance-store plugin).
        [Unit]
        Description=EC2 instance store volume %d
        Before=containerd.service kubelet.service

        [Mount]
        What=%s
        Where=%s
        Type=%s
        Options=defaults,noatime

        [Install]
        WantedBy=local-fs.target
        """.formatted(index, volume.device(), where, volume.fsType());
  }

  /** A bind mount unit; {@code RequiresMountsFor=} is a list, so a volume path with a space is quoted. */
  static String bindUnit(String what, String where, String volume) {
    return """
        # Written by eksnode (instance-store plugin).
        [Unit]
        Description=%s on the EC2 instance store
        RequiresMountsFor=%s
        Before=containerd.service kubelet.service

        [Mount]
        What=%s
        Where=%s
        Type=none
        Options=bind

        [Install]
        WantedBy=local-fs.target
        """.formatted(where, volume.contains(" ") ? "\"" + volume + "\"" : volume, what, where);
  }
}
