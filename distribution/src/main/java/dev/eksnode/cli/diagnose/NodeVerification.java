package dev.eksnode.cli.diagnose;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.HostException;
import dev.eksnode.spi.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a node against what its last runs say it should be: every file the image and boot phases
 * manage is there with its mode and content, and every unit the node depends on is in its state (on a
 * live node; under {@code --root} only the unit file's presence is checked). The units: those a run
 * enabled (enabled) or started or restarted (active), and, once the node has booted (there is a boot
 * report), every unit the image enabled and every unit whose unit file or drop-in the boot phase
 * manages (active). The last are checked even when the last boot touched none of them: a reboot whose
 * steps were all unchanged restarts nothing, yet a kubelet that did not come up is drift.
 *
 * <p>Content is checked by the report's SHA-256 for world-readable files; for the others the report
 * holds only a digest keyed with the root-only {@link Kernel#REPORT_KEY}, which is recomputed here when
 * this process can read the key and the file (root), and otherwise left unchecked with a note.
 */
final class NodeVerification {

  /** One thing found different from what the last run left. */
  record Drift(String what, String expected, String found, String step) {
    @Override
    public String toString() {
      return what + ": expected " + expected + ", found " + found + " (managed by " + step + ")";
    }
  }

  /** What was checked and what drifted. */
  record Result(List<String> reports, int filesChecked, int unitsChecked, List<Drift> drift, List<String> notes) {}

  private NodeVerification() {}

  /** A unit the node depends on: whether it must be enabled or active, and the step that wants each. */
  private record ExpectedUnit(String enabledBy, String activeBy) {
    ExpectedUnit and(ExpectedUnit other) {
      return new ExpectedUnit(enabledBy != null ? enabledBy : other.enabledBy, activeBy != null ? activeBy : other.activeBy);
    }
  }

  /** A unit file or a drop-in of one under /etc/systemd/system, group 1 the unit's name. */
  private static final Pattern UNIT_FILE = Pattern.compile(
      "/etc/systemd/system/([^/]+\\.(?:service|socket|mount|automount|swap|target|path|timer|slice))(?:\\.d/[^/]+\\.conf)?");

  static Result verify(Path root, Host host) {
    List<String> reports = new ArrayList<>();
    TreeMap<String, ManagedFile> files = new TreeMap<>();
    TreeMap<String, ExpectedUnit> units = new TreeMap<>();
    // Units a run enabled, started or restarted: under --root their unit file must be there. A unit known only
    // from a drop-in the boot phase manages may live where a distribution puts its units (/lib/systemd/system).
    Set<String> acted = new TreeSet<>();
    Map<Phase, RunReport> read = new EnumMap<>(Phase.class);
    for (Phase phase : List.of(Phase.IMAGE, Phase.BOOT)) {
      Path file = root.resolve(Kernel.reportPath(phase).substring(1));
      if (!Files.isRegularFile(file)) {
        continue;
      }
      reports.add(file.toString());
      RunReport report = Kernel.readReport(file);
      read.put(phase, report);
      // The boot phase runs after the image phase: where both manage a file, boot's word stands.
      report.files().forEach(managed -> files.put(managed.path(), managed));
      for (StepRecord step : report.steps()) {
        for (String action : step.actions()) {
          String[] words = action.split(" ");
          if (words.length == 3 && words[0].equals("systemctl")
              && List.of("enable", "start", "restart").contains(words[1])) {
            boolean enable = words[1].equals("enable");
            units.merge(words[2], new ExpectedUnit(enable ? step.id() : null, enable ? null : step.id()), ExpectedUnit::and);
            acted.add(words[2]);
          }
        }
      }
    }
    RunReport boot = read.get(Phase.BOOT);
    if (boot != null) {
      // A booted node runs what its boot phase configures and what its image enabled.
      for (ManagedFile managed : boot.files()) {
        Matcher unitFile = UNIT_FILE.matcher(managed.path());
        if (unitFile.matches()) {
          units.merge(unitFile.group(1), new ExpectedUnit(null, managed.step()), ExpectedUnit::and);
        }
      }
      for (Map.Entry<String, ExpectedUnit> unit : List.copyOf(units.entrySet())) {
        if (unit.getValue().enabledBy() != null) {
          units.merge(unit.getKey(), new ExpectedUnit(null, unit.getValue().enabledBy()), ExpectedUnit::and);
        }
      }
    }
    List<Drift> drift = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Optional<byte[]> key = Optional.empty();
    List<String> unchecked = new ArrayList<>();
    if (files.values().stream().anyMatch(f -> f.keyedSha256() != null)) {
      try {
        key = Kernel.reportKey(host);
      } catch (HostException e) {
        // Not root: the private files' content cannot be checked, their presence and mode still can.
      }
    }
    for (ManagedFile expected : files.values()) {
      if (!host.exists(expected.path())) {
        drift.add(new Drift(expected.path(), "a file", "nothing", expected.step()));
        continue;
      }
      String mode = String.format("%04o", host.mode(expected.path()).orElse(0));
      if (!mode.equals(expected.mode())) {
        drift.add(new Drift(expected.path() + " mode", expected.mode(), mode, expected.step()));
      }
      Optional<byte[]> content;
      try {
        content = host.read(expected.path());
      } catch (HostException e) {
        unchecked.add(expected.path());
        continue;
      }
      if (content.isEmpty()) {
        drift.add(new Drift(expected.path(), "a file", "not a regular file", expected.step()));
      } else if (expected.sha256() != null) {
        String digest = sha256(content.get());
        if (!digest.equals(expected.sha256())) {
          drift.add(new Drift(expected.path() + " content", "sha256 " + expected.sha256().substring(0, 12),
              "sha256 " + digest.substring(0, 12) + " (changed since the last run)", expected.step()));
        }
      } else if (expected.keyedSha256() != null && key.isPresent()) {
        if (!ManagedFile.keyedDigest(key.get(), content.get()).equals(expected.keyedSha256())) {
          drift.add(new Drift(expected.path() + " content", "the content the last run wrote (keyed digest)",
              "other content (changed since the last run, or " + Kernel.REPORT_KEY + " was replaced)", expected.step()));
        }
      } else {
        unchecked.add(expected.path());
      }
    }
    if (!unchecked.isEmpty()) {
      notes.add("content not checked (run verify-node as root: the report keeps no plain digest of a file that is "
          + "not world-readable, and " + Kernel.REPORT_KEY + " or the file cannot be read): " + String.join(", ", unchecked));
    }
    for (Map.Entry<String, ExpectedUnit> entry : units.entrySet()) {
      String unit = entry.getKey();
      ExpectedUnit wanted = entry.getValue();
      if (host.live()) {
        if (wanted.enabledBy() != null) {
          check(host, "is-enabled", unit, "enabled", wanted.enabledBy(), drift);
        }
        if (wanted.activeBy() != null) {
          check(host, "is-active", unit, "active", wanted.activeBy(), drift);
        }
      } else if (acted.contains(unit) && !host.exists("/etc/systemd/system/" + unit) && !host.exists("/usr/lib/systemd/system/" + unit)) {
        drift.add(new Drift(unit, "a unit file", "none under /etc/systemd/system or /usr/lib/systemd/system",
            wanted.enabledBy() != null ? wanted.enabledBy() : wanted.activeBy()));
      } else {
        notes.add(unit + ": state not checked (not a live node)");
      }
    }
    if (reports.isEmpty()) {
      notes.add("no run report under " + root + ": nothing to verify against (has eksnode run here?)");
    }
    return new Result(reports, files.size(), units.size(), drift, notes);
  }

  private static void check(Host host, String verb, String unit, String wanted, String step, List<Drift> drift) {
    CommandResult result = host.probe(List.of("systemctl", verb, unit));
    String state = result.stdout().strip();
    if (!state.equals(wanted)) {
      drift.add(new Drift(unit, wanted, state.isEmpty() ? "unknown (" + result.stderr().strip() + ")" : state, step));
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
