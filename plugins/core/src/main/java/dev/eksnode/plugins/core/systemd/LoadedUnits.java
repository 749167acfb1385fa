package dev.eksnode.plugins.core.systemd;

import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Tells whether systemd must reload before a service picks up its unit files: whether a unit file
 * differs from what systemd loaded. What it loaded is a listing ({@code sha256 mode path} per file,
 * as {@link ServiceInputs} writes them): the one a step recorded after its last reload, or before any,
 * {@value #BOOTED}, recorded at the start of the first boot run, when systemd had loaded exactly the
 * image's files.
 *
 * <p>So a run killed after writing a drop-in and before reloading leaves the record behind the files,
 * and the next run still reloads; a kill after the reload and before the record costs one extra
 * reload, never a missed one. Each file here is written at most once per run.
 */
public final class LoadedUnits {

  /** containerd's unit; the core plugin restarts it when what containerd reads changed. */
  public static final String CONTAINERD = "containerd.service";

  /** The kubelet's unit; the core plugin restarts it when what the kubelet reads changed. */
  public static final String KUBELET = "kubelet.service";

  /**
   * What systemd loaded when {@code core/service-environment} reloaded it in this run, as a {@link
   * #listing} (not published when it did not reload): the later service steps need not reload again
   * for files that were loaded then. Only the core plugin's steps read it.
   */
  public static final FactKey<String> RELOADED_THIS_RUN = FactKey.of("core.internal.reloaded-units", String.class);

  static final String BOOTED = ServiceInputs.STATE_DIRECTORY + "/systemd-units.booted";
  static final String UNIT_DIRECTORY = "/etc/systemd/system";
  static final String MANAGER_DROP_INS = "/etc/systemd/system.conf.d";

  private LoadedUnits() {}

  /** Records what systemd loaded at boot, once: call before the first unit file is written. */
  static void recordBoot(Host host) {
    if (!host.exists(BOOTED)) {
      host.writeString(BOOTED, listing(host), 0600);
    }
  }

  /**
   * Whether a unit file that {@code relevant} accepts differs between the files now and what systemd
   * loaded last: {@code reloadedThisRun}, the listing at a reload earlier in this run, if any; else
   * {@code record}, a listing the caller wrote right after its last reload; else {@value #BOOTED}.
   */
  public static boolean stale(Host host, Predicate<String> relevant, Optional<String> reloadedThisRun, String record) {
    String loaded = reloadedThisRun.or(() -> host.readString(record)).or(() -> host.readString(BOOTED)).orElse("");
    Set<String> before = relevantLines(loaded, relevant);
    return !before.equals(relevantLines(listing(host), relevant));
  }

  /** A unit's own files: its main file in either directory and its drop-ins. */
  public static Predicate<String> of(String unit) {
    return path -> path.equals("/usr/lib/systemd/system/" + unit)
        || path.equals(UNIT_DIRECTORY + "/" + unit)
        || path.startsWith(UNIT_DIRECTORY + "/" + unit + ".d/");
  }

  /**
   * The files this class watches: the manager's drop-ins, the core plugin's environment drop-in of
   * every service, and the unit files of the services the core plugin restarts.
   */
  static String listing(Host host) {
    List<String> paths = new ArrayList<>(List.of(MANAGER_DROP_INS));
    for (String unit : List.of(CONTAINERD, KUBELET)) {
      paths.add("/usr/lib/systemd/system/" + unit);
      paths.add(UNIT_DIRECTORY + "/" + unit);
      paths.add(UNIT_DIRECTORY + "/" + unit + ".d");
    }
    for (String name : host.list(UNIT_DIRECTORY)) {
      if (name.endsWith(".d")) {
        paths.add(UNIT_DIRECTORY + "/" + name + "/" + RenderServiceEnvironmentStep.DROP_IN);
      }
    }
    return ServiceInputs.listing(host, ServiceInputs.read(host, paths.stream().distinct().toList()));
  }

  private static Set<String> relevantLines(String listing, Predicate<String> relevant) {
    Set<String> lines = new TreeSet<>();
    listing.lines().filter(line -> relevant.test(ServiceInputs.pathOf(line))).forEach(lines::add);
    return lines;
  }
}
