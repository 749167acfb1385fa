package dev.eksnode.cli.diagnose;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Phase;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything an operator needs to see why a node did not join, in one tar.gz with an index:
 * eksnode's reports, the rendered configuration (secrets redacted), the versions manifest, the
 * units' journals and a network and disk summary (on a live node), each file and the whole bounded.
 */
public final class LogBundle {

  public static final int FILE_LIMIT = 2 * 1024 * 1024;
  static final int TOTAL_LIMIT = 32 * 1024 * 1024;

  private static final List<String> ALWAYS = List.of(
      "/etc/eksnode/eksnode.toml", "/etc/eksnode/versions.json", "/etc/os-release",
      "/etc/containerd/config.toml", "/etc/kubernetes/kubelet/config.json", "/var/lib/kubelet/kubeconfig");
  private static final List<String> LOG_DIRECTORIES = List.of("/var/log/eksnode", "/etc/eksnode/config.d");
  private static final List<List<String>> LIVE_COMMANDS = List.of(
      List.of("journalctl", "--no-pager", "-o", "short-iso", "-n", "20000", "-u", "kubelet", "-u", "containerd", "-u", "eksnode-bootstrap"),
      List.of("systemctl", "--no-pager", "status", "kubelet", "containerd", "eksnode-bootstrap"),
      List.of("ip", "address"), List.of("ip", "route"), List.of("cat", "/etc/resolv.conf"),
      List.of("df", "-h"), List.of("lsblk"), List.of("free", "-m"));

  /** Secrets a configuration file may hold: credentials in URLs, private keys, tokens and passwords. */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s\"']+@");
  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----", Pattern.DOTALL);
  private static final Pattern SECRET_VALUE = Pattern.compile(
      "(?im)^(\\s*[\"']?[A-Za-z0-9_.-]*(?:token|password|secret|passwd)[A-Za-z0-9_.-]*[\"']?\\s*[:=]\\s*).+$");

  record Entry(String name, long size, String source, String note) {}

  private LogBundle() {}

  public static String redact(String text) {
    String redacted = URL_CREDENTIALS.matcher(text).replaceAll("$1***@");
    redacted = PRIVATE_KEY.matcher(redacted).replaceAll("-----REDACTED PRIVATE KEY-----");
    return SECRET_VALUE.matcher(redacted).replaceAll("$1***");
  }

  /** Writes the bundle and returns its index. */
  static List<Entry> write(Host host, OutputStream target, long nowSeconds) throws IOException {
    List<Entry> index = new ArrayList<>();
    Map<String, byte[]> contents = new LinkedHashMap<>();
    var budget = new Object() {
      long used = 0;
    };
    java.util.function.BiConsumer<String[], byte[]> add = (meta, content) -> {
      String name = meta[0];
      String note = "";
      if (content.length > FILE_LIMIT) {
        content = java.util.Arrays.copyOf(content, FILE_LIMIT);
        note = "truncated to " + FILE_LIMIT + " bytes";
      }
      if (budget.used + content.length > TOTAL_LIMIT) {
        index.add(new Entry(name, 0, meta[1], "left out: the bundle is limited to " + TOTAL_LIMIT + " bytes"));
        return;
      }
      budget.used += content.length;
      contents.put(name, content);
      index.add(new Entry(name, content.length, meta[1], note));
    };

    TreeSet<String> files = new TreeSet<>(ALWAYS);
    for (Phase phase : List.of(Phase.IMAGE, Phase.BOOT)) {
      String report = Kernel.reportPath(phase);
      host.read(report).ifPresent(bytes -> add.accept(new String[] {"reports/" + phase.name().toLowerCase() + ".json", report}, bytes));
      host.readString(report).ifPresent(json -> {
        try {
          Kernel.parseReport(json).files().stream().map(ManagedFile::path).forEach(files::add);
        } catch (RuntimeException e) {
          index.add(new Entry("reports/" + phase.name().toLowerCase() + ".json", 0, report, "unreadable: " + e.getMessage()));
        }
      });
    }
    for (String directory : LOG_DIRECTORIES) {
      for (String name : host.list(directory)) {
        files.add(directory + "/" + name);
      }
    }
    for (String path : files) {
      host.readString(path).ifPresent(text ->
          add.accept(new String[] {"files" + path, path + " (secrets redacted)"}, redact(text).getBytes(StandardCharsets.UTF_8)));
    }
    if (host.live()) {
      for (List<String> command : LIVE_COMMANDS) {
        CommandResult result = host.probe(command);
        String name = "commands/" + String.join("_", command.subList(0, Math.min(2, command.size()))).replaceAll("[^A-Za-z0-9_.-]", "") + ".txt";
        if (result.exitCode() == 127) {
          index.add(new Entry(name, 0, String.join(" ", command), "not run: " + command.getFirst() + " is not installed"));
          continue;
        }
        add.accept(new String[] {name, String.join(" ", command)},
            redact(result.stdout() + (result.stderr().isEmpty() ? "" : "\n--- stderr ---\n" + result.stderr()))
                .getBytes(StandardCharsets.UTF_8));
      }
    } else {
      index.add(new Entry("commands/", 0, "journals, network and disk summary", "not collected: not a live node (--root)"));
    }

    StringBuilder text = new StringBuilder("eksnode collect-logs bundle\n\nentry\tbytes\tsource\tnote\n");
    index.forEach(e -> text.append(e.name()).append('\t').append(e.size()).append('\t').append(e.source()).append('\t').append(e.note()).append('\n'));
    try (TarGz tar = new TarGz(target, nowSeconds)) {
      tar.add("index.txt", text.toString().getBytes(StandardCharsets.UTF_8), 0644);
      for (Map.Entry<String, byte[]> entry : contents.entrySet()) {
        tar.add(entry.getKey(), entry.getValue(), 0600);
      }
    }
    return index;
  }
}
