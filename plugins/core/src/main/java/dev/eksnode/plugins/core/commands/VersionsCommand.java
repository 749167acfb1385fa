package dev.eksnode.plugins.core.commands;

import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.PluginCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code eksnode versions}: the components the image phase recorded in the versions manifest beside
 * what the installed binaries say, with mismatches flagged.
 */
public final class VersionsCommand implements PluginCommand {

  /** How to ask a component's binary for its version. */
  record Probe(List<String> command, Pattern version) {}

  static final Map<String, Probe> PROBES = Map.of(
      "kubelet", new Probe(List.of("kubelet", "--version"), Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)")),
      "containerd", new Probe(List.of("containerd", "--version"), Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)")),
      "runc", new Probe(List.of("runc", "--version"), Pattern.compile("version (\\d+\\.\\d+\\.\\d+)")),
      "nvidia-driver", new Probe(List.of("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"),
          Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?)")),
      "soci-snapshotter", new Probe(List.of("soci", "--version"), Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)")));

  /** One component's line. */
  record Row(String component, String manifest, String live, String status) {}

  @Override
  public String name() {
    return "versions";
  }

  @Override
  public String summary() {
    return "Component versions from the baked manifest and the live binaries, side by side; mismatches flagged.";
  }

  @Override
  public String usage() {
    return "eksnode versions";
  }

  @Override
  public String help() {
    return """
        Reads /etc/eksnode/versions.json (written by the image phase) and asks each known binary for its
        version (kubelet, containerd, runc, nvidia-smi, soci; under --root the binaries inside the root).
        Status: ok, MISMATCH, not installed (in the manifest, no binary), not in manifest (a binary the
        image did not record), or not checked (no way to ask the binary). Exit 1 when anything mismatches.

        Example: eksnode versions --output json""";
  }

  @Override
  public Result run(List<String> arguments, Host host) {
    if (!arguments.isEmpty()) {
      throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of("command line"), "",
          "versions takes no arguments, found " + String.join(" ", arguments), "")));
    }
    Map<String, String> manifest = new TreeMap<>();
    Optional<String> text = host.readString(VersionsManifest.PATH);
    if (text.isPresent()) {
      try {
        manifest.putAll(VersionsManifest.parse(text.get()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(VersionsManifest.PATH), "",
            "is not a versions manifest: " + e.getMessage(), "rerun eksnode image build")));
      }
    }
    TreeMap<String, Row> rows = new TreeMap<>();
    for (Map.Entry<String, String> entry : manifest.entrySet()) {
      Probe probe = PROBES.get(entry.getKey());
      if (probe == null) {
        rows.put(entry.getKey(), new Row(entry.getKey(), entry.getValue(), "", "not checked"));
        continue;
      }
      Optional<String> live = live(host, probe);
      String status = live.isEmpty() ? "not installed" : live.get().equals(entry.getValue()) ? "ok" : "MISMATCH";
      rows.put(entry.getKey(), new Row(entry.getKey(), entry.getValue(), live.orElse(""), status));
    }
    for (Map.Entry<String, Probe> entry : new TreeMap<>(PROBES).entrySet()) {
      if (!manifest.containsKey(entry.getKey())) {
        live(host, entry.getValue()).ifPresent(version ->
            rows.put(entry.getKey(), new Row(entry.getKey(), "", version, "not in manifest")));
      }
    }
    boolean mismatch = rows.values().stream().anyMatch(r -> r.status().equals("MISMATCH"));
    StringBuilder out = new StringBuilder();
    if (text.isEmpty()) {
      out.append("no versions manifest at ").append(VersionsManifest.PATH).append(" (was this image built with eksnode?)\n");
    }
    out.append(String.format("%-24s %-16s %-16s %s%n", "COMPONENT", "MANIFEST", "LIVE", "STATUS"));
    rows.values().forEach(r -> out.append(String.format("%-24s %-16s %-16s %s%n",
        r.component(), r.manifest().isEmpty() ? "-" : r.manifest(), r.live().isEmpty() ? "-" : r.live(), r.status())));
    List<Map<String, String>> json = new ArrayList<>();
    rows.values().forEach(r -> {
      Map<String, String> row = new LinkedHashMap<>();
      row.put("component", r.component());
      row.put("manifest", r.manifest());
      row.put("live", r.live());
      row.put("status", r.status());
      json.add(row);
    });
    return new Result(mismatch ? 1 : 0, out.toString(), Map.of("manifest", text.isPresent(), "components", json));
  }

  private static Optional<String> live(Host host, Probe probe) {
    CommandResult result = host.probe(probe.command());
    if (result.exitCode() != 0) {
      return Optional.empty();
    }
    Matcher matcher = probe.version().matcher(result.stdout() + "\n" + result.stderr());
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
