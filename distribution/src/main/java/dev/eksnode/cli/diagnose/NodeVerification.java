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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a node against what its last runs say it should be: every file the image and boot phases
 * manage is there with its mode and content, and every unit they enabled or started is enabled and
 * active (on a live node; under {@code --root} only the unit file's presence is checked).
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

  static Result verify(Path root, Host host) {
    List<String> reports = new ArrayList<>();
    TreeMap<String, ManagedFile> files = new TreeMap<>();
    TreeMap<String, String> units = new TreeMap<>();
    for (Phase phase : List.of(Phase.IMAGE, Phase.BOOT)) {
      Path file = root.resolve(Kernel.reportPath(phase).substring(1));
      if (!Files.isRegularFile(file)) {
        continue;
      }
      reports.add(file.toString());
      RunReport report = Kernel.readReport(file);
      // The boot phase runs after the image phase: where both manage a file, boot's word stands.
      report.files().forEach(managed -> files.put(managed.path(), managed));
      for (StepRecord step : report.steps()) {
        for (String action : step.actions()) {
          String[] words = action.split(" ");
          if (words.length == 3 && words[0].equals("systemctl")
              && List.of("enable", "start", "restart").contains(words[1])) {
            units.merge(words[2], words[1].equals("enable") ? "enabled" : "active", NodeVerification::both);
            units.putIfAbsent(words[2] + "#step", step.id());
          }
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
    int unitsChecked = 0;
    for (String unit : new TreeSet<>(units.keySet())) {
      if (unit.endsWith("#step")) {
        continue;
      }
      unitsChecked++;
      String wanted = units.get(unit);
      String step = units.get(unit + "#step");
      if (host.live()) {
        if (wanted.contains("enabled")) {
          check(host, "is-enabled", unit, "enabled", step, drift);
        }
        if (wanted.contains("active")) {
          check(host, "is-active", unit, "active", step, drift);
        }
      } else if (!host.exists("/etc/systemd/system/" + unit) && !host.exists("/usr/lib/systemd/system/" + unit)) {
        drift.add(new Drift(unit, "a unit file", "none under /etc/systemd/system or /usr/lib/systemd/system", step));
      } else {
        notes.add(unit + ": state not checked (not a live node)");
      }
    }
    if (reports.isEmpty()) {
      notes.add("no run report under " + root + ": nothing to verify against (has eksnode run here?)");
    }
    return new Result(reports, files.size(), unitsChecked, drift, notes);
  }

  private static String both(String a, String b) {
    return a.equals(b) ? a : "enabled+active";
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
