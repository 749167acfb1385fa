package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.kernel.testing.PluginJar;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.Fault;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged CLI's boot phase ({@code bin/eksnode bootstrap --root}) attacked through every entry
 * point, as the issue's attacker did: user data from the metadata emulator (decompression bombs,
 * oversized values, deep nesting in every format), settings that name paths, symbolic links and FIFOs
 * already in the root, stand-in commands that hang or flood, hostile metadata answers, EC2 limits past
 * any instance type, and plugin jars that exit, spin, throw errors or answer null. For each: the exit
 * code, a message that names the input or plugin and the limit, no Java class name and no stack trace,
 * nothing changed outside the root (and, for refused input, nothing under it), and a peak resident set under {@value #MAX_RSS_MIB} MiB. The tables in
 * docs/reliability.md ({@code hostile-boot}) and docs/security.md ({@code limits}) are this test's output.
 */
class HostileBootIT {

  static final long MAX_RSS_MIB = 256;
  /**
   * A watchdog, not a speed check: a run still going after this long is a hang (each attack sets deadlines
   * of a few seconds), stopped so the suite ends with the command named instead of never.
   */
  static final long HANG_SECONDS = Long.getLong("eksnode.hostile.hang", 600);

  /** Short deadlines, so each hang is shown within seconds; the defaults are in docs/reliability.md. */
  static final Map<String, String> DEADLINES = Map.of(
      "EKSNODE_PROBE_DEADLINE_SECONDS", "3",
      "EKSNODE_COMMAND_DEADLINE_SECONDS", "5",
      "EKSNODE_STEP_DEADLINE_SECONDS", "15",
      "EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS", "3",
      "EKSNODE_IMDS_DEADLINE_SECONDS", "8",
      "EKSNODE_EC2_DEADLINE_SECONDS", "8");

  private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();
  private static final Map<String, String> MESSAGES = new ConcurrentHashMap<>();

  /** A log line ({@code 5985 [] WARN ...}), as opposed to the CLI's own output. */
  private static final java.util.regex.Pattern LOG_LINE = java.util.regex.Pattern.compile("^\\d+ \\[.*?\\] (ERROR|WARN|INFO|DEBUG) ");

  /** What a case may change: nothing under the root (refused input), or anything inside it but nothing outside. */
  enum Writes { NOTHING, INSIDE }

  /**
   * One attack.
   *
   * @param name {@code category/what}
   * @param exit the exit code it must end with
   * @param message what the output must contain; {@code <root>}, {@code <outside>} and {@code <endpoint>} stand for the run's
   * @param writes what it may change
   * @param prepare sets up the node
   */
  record Attack(String name, int exit, String message, Writes writes, Prepare prepare) {
    @Override
    public String toString() {
      return name;
    }

    String category() {
      return name.substring(0, name.indexOf('/'));
    }
  }

  /**
   * A limit as docs/security.md states it, shown by an attack whose message must say {@code evidence}.
   *
   * @param what what is bounded
   * @param value the bound, as the docs state it
   * @param beyond what happens past it
   * @param attack the attack that goes past it
   * @param evidence what that attack's message must hold
   */
  record Limit(String what, String value, String beyond, String attack, String evidence) {}

  static final List<Limit> LIMITS = List.of(
      new Limit("user data from instance metadata", "16384 bytes (EC2's own 16 KiB)", "exit 2",
          "size/17 KiB of user data", "EC2 user data is at most 16384 bytes"),
      new Limit("one configuration source (a file, standard input, user data)", "1048576 bytes (1 MiB)", "exit 2",
          "size/10 MB label value in a configuration file", "more than the 1048576 bytes (1 MiB) eksnode reads from one source"),
      new Limit("what decoding one source produces (every base64 and gzip layer, every MIME part)", "1048576 bytes (1 MiB)", "exit 2",
          "bomb/gzip of 12 MB of TOML in user data", "decodes (base64/gzip) to more than 1048576 bytes (1 MiB)"),
      new Limit("base64 and gzip layers", "4", "exit 2", "bomb/six layers of base64 and gzip", "is still encoded after 4 layers"),
      new Limit("one parsed document (TOML, YAML, JSON)", "131072 bytes (128 KiB)", "exit 2",
          "bomb/gzip of 160 KiB of dense TOML", "more than the 131072 bytes (128 KiB) eksnode parses in one document"),
      new Limit("documents or MIME parts in one source", "64", "exit 2", "bomb/MIME of 200 parts", "more than the 64 eksnode reads"),
      new Limit("nesting of tables, arrays and dotted keys (TOML, YAML, JSON, TOML inside a NodeConfig)", "64 levels", "exit 2",
          "nesting/TOML arrays 10000 deep in user data", "nests deeper than eksnode reads (64 levels"),
      new Limit("nesting of MIME multiparts", "4 levels", "exit 2", "nesting/MIME multiparts 10 deep", "multipart nested more than 4 deep"),
      new Limit("one instance metadata answer (the session token included)", "65536 bytes (64 KiB), not retried", "exit 1; exit 2 while"
          + " user data is read", "metadata/a 100 MB instance type", "answered more than 65536 bytes"),
      new Limit("a file read back from the root (only regular files are read)", "16777216 bytes (16 MiB)", "exit 1",
          "size/huge sparse state file read back", "more than the 16777216 bytes (16 MiB) eksnode reads back from a file"),
      new Limit("a command's standard output, and its standard error", "1048576 bytes (1 MiB) each", "command killed, exit 1",
          "command/kubelet --version floods its output", "wrote more than 1048576 bytes (1 MiB)"),
      new Limit("a probe (kubelet --version)", "`EKSNODE_PROBE_DEADLINE_SECONDS`, default 30 s", "command and its children killed, exit 1",
          "command/kubelet --version never exits", "(EKSNODE_PROBE_DEADLINE_SECONDS) and was killed"),
      new Limit("loading one plugin jar (static initialization, construction, declarations)",
          "`EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS`, default 30 s", "exit 3", "plugin/a static initializer that spins",
          "(EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS)"),
      new Limit("one step", "`EKSNODE_STEP_DEADLINE_SECONDS`, default 300 s at boot, 3600 s at image build",
          "the step fails, the run goes on, exit 1", "plugin/a step that never returns", "(EKSNODE_STEP_DEADLINE_SECONDS)"),
      new Limit("an instance type's limits from EC2 or the image's table", "vCPUs 1..8192, ENIs and IPv4 addresses per ENI 1..1024,"
          + " memory up to 128 TiB", "exit 1", "metadata/EC2 limits past int", "is outside 1..8192"),
      new Limit("configuration problems printed", "100, then a count of the rest", "exit 2", "size/150 problems in one document",
          "... and 50 more (the first 100 are shown)"));

  /** Settings that name paths, each with the attack that shows where it may point. */
  static final List<String> PATH_ATTACKS = List.of("path/outposts kubeletConfigPath /etc/shadow",
      "path/outposts kubeletConfigPath /etc/kubernetes/kubelet/../../profile.d/zz.json", "path/instance-store mountPath /etc",
      "path/soci rootDirectory /etc/cron.d");

  @FunctionalInterface
  interface Prepare {
    void on(Node node) throws Exception;
  }

  /** The node an attack runs against, set up by its {@link Prepare}. */
  static final class Node {
    final Path root;
    final Path outside;
    final Map<String, String> environment = new HashMap<>(DEADLINES);
    final List<String> args = new ArrayList<>();
    final List<Fault> faults = new ArrayList<>();
    String instance;
    byte[] userData;
    String ec2;

    Node(Path root, Path outside) throws IOException {
      this.root = root;
      this.outside = outside;
      this.instance = CrashConsistencyIT.resource("demo/instance.json");
    }

    Path file(String path) {
      return root.resolve(path.substring(1));
    }

    Node write(String path, String content) throws IOException {
      Files.createDirectories(file(path).getParent());
      Files.writeString(file(path), content);
      return this;
    }

    Node config(String toml) throws IOException {
      return write("/etc/eksnode/config.d/50-attack.toml", toml);
    }

    Node program(String path, String script) throws IOException {
      write(path, script);
      Files.setPosixFilePermissions(file(path), PosixFilePermissions.fromString("rwxr-xr-x"));
      return this;
    }

    Node link(String path, String target) throws IOException {
      Files.createDirectories(file(path).getParent());
      deleteTree(file(path));
      Files.createSymbolicLink(file(path), Path.of(target));
      return this;
    }

    Node fifo(String path) throws Exception {
      Files.createDirectories(file(path).getParent());
      Files.deleteIfExists(file(path));
      Process mkfifo = new ProcessBuilder("mkfifo", file(path).toString()).inheritIO().start();
      assertEquals(0, mkfifo.waitFor());
      return this;
    }

    Path plugins() throws IOException {
      return Files.createDirectories(file("/opt/eksnode/plugins"));
    }

    Node userData(byte[] bytes) {
      this.userData = bytes;
      return this;
    }

    Node userData(String text) {
      return userData(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gzip(String text) {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  static String nodeConfig(String spec) {
    return "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n" + spec;
  }

  static String mime(String type, String body) {
    return "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: " + type + "\n\n" + body
        + "\n--B--\n";
  }

  /** A plugin jar whose plugin class is {@code body} inside {@code class Hostile implements Plugin}, with a step. */
  static void plugin(Node node, String id, String members, String stepBody) throws IOException {
    String source = """
        package %s;
        import dev.eksnode.spi.*;
        import java.util.List;
        import java.util.Set;
        public final class Hostile implements Plugin {
          %s
          @Override public String id() { return "%s"; }
          @Override public String version() { return "1.0.0"; }
          @Override public String description() { return "hostile"; }
          @Override public boolean enabledByDefault() { return true; }
          @Override public List<Step> steps() { return List.of(new Step() {
            @Override public String id() { return "%s/act"; }
            @Override public Phase phase() { return Phase.BOOT; }
            @Override public Set<String> after() { return Set.of("core/instance-data"); }
            @Override public Outcome apply(StepContext context) throws Exception { %s }
          }); }
        }
        """.formatted(id, members, id, id, stepBody);
    PluginJar.named(id + ".jar").source(id + ".Hostile", source).service(id + ".Hostile").buildIn(node.plugins());
  }

  static Stream<Attack> attacks() {
    String label = "[kubelet.labels]\nteam = \"payments\"\n";
    List<Attack> attacks = new ArrayList<>();
    // Decompression bombs: under EC2's 16 KiB of user data, megabytes once decompressed.
    attacks.add(new Attack("bomb/gzip of 12 MB of TOML in user data", 2,
        "user-data: decodes (base64/gzip) to more than 1048576 bytes (1 MiB); refusing it as a likely decompression bomb",
        Writes.NOTHING, node -> node.userData(gzip(label + "#" + "x".repeat(12 << 20) + "\n"))));
    attacks.add(new Attack("bomb/base64 of gzip of 8 MB of zeros", 2, "refusing it as a likely decompression bomb",
        Writes.NOTHING, node -> node.userData(Base64.getEncoder().encode(gzip(new byte[8 << 20])))));
    attacks.add(new Attack("bomb/gzip'd MIME part of 6 MB NodeConfig", 2, "user-data part 1 (application/node.eks.aws): decodes",
        Writes.NOTHING, node -> node.userData(mime("application/node.eks.aws\nContent-Transfer-Encoding: base64",
            Base64.getMimeEncoder().encodeToString(gzip(nodeConfig("  kubelet:\n    flags: [\"--v=2\"]\n") + "#" + "x".repeat(6 << 20)))))));
    attacks.add(new Attack("bomb/six layers of base64 and gzip", 2, "user-data: is still encoded after 4 layers of base64 and gzip",
        Writes.NOTHING, node -> {
          byte[] layered = "[kubelet]\nflags = [\"--v=2\"]\n".getBytes(StandardCharsets.UTF_8);
          for (int i = 0; i < 6; i++) {
            layered = i % 2 == 0 ? gzip(layered) : Base64.getEncoder().encode(layered);
          }
          node.userData(layered);
        }));
    attacks.add(new Attack("bomb/MIME of 200 parts", 2, "MIME: holds 200 parts, more than the 64 eksnode reads from one source",
        Writes.NOTHING, node -> {
          StringBuilder body = new StringBuilder("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n");
          for (int i = 0; i < 200; i++) {
            body.append("--B\nContent-Type: application/node.eks.aws\n\n").append(nodeConfig("  kubelet:\n    flags: [\"--v=2\"]\n"));
          }
          node.userData(gzip(body.append("--B--\n").toString()));
        }));
    attacks.add(new Attack("bomb/YAML stream of 500 documents", 2, "holds 500 configuration documents, more than the 64 eksnode reads"
        + " from one source", Writes.NOTHING,
        node -> node.userData(gzip(("---\n" + nodeConfig("  kubelet:\n    flags: [\"--v=2\"]\n")).repeat(500)))));
    attacks.add(new Attack("bomb/gzip of 160 KiB of dense TOML", 2,
        "is a configuration document of 160046 bytes, more than the 131072 bytes (128 KiB) eksnode parses in one document",
        Writes.NOTHING, node -> node.userData(gzip("[kubelet.config]\nallowedUnsafeSysctls = [" + "\"a\",".repeat(40_000) + "\"a\"]\n"))));
    // Oversized values.
    attacks.add(new Attack("size/17 KiB of user data", 2, "served more than 16384 bytes of user data; EC2 user data is at most 16384 bytes",
        Writes.NOTHING, node -> node.userData("# " + "x".repeat(17 << 10) + "\n")));
    attacks.add(new Attack("size/10 MB label value in a configuration file", 2,
        "50-attack.toml: is 10485787 bytes, more than the 1048576 bytes (1 MiB) eksnode reads from one source",
        Writes.NOTHING, node -> node.config("[kubelet.labels]\nteam = \"" + "a".repeat(10 << 20) + "\"\n")));
    attacks.add(new Attack("size/120 KiB label value in gzip'd user data", 2, "a label value has at most 63",
        Writes.NOTHING, node -> node.userData(gzip("[kubelet.labels]\nteam = \"" + "a".repeat(120 << 10) + "\"\n"))));
    attacks.add(new Attack("size/150 problems in one document", 2, "eksnode: 150 configuration problems:", Writes.NOTHING,
        node -> node.userData("[kubelet.config]\nallowedUnsafeSysctls = [" + "1, ".repeat(149) + "1]\n")));
    attacks.add(new Attack("size/huge sparse managed file", 0, "succeeded", Writes.INSIDE, node -> {
      Files.createDirectories(node.file("/etc/kubernetes/kubelet"));
      try (RandomAccessFile file = new RandomAccessFile(node.file("/etc/kubernetes/kubelet/config.json").toFile(), "rw")) {
        file.setLength(16L << 30);
      }
    }));
    attacks.add(new Attack("size/huge sparse state file read back", 1,
        "bytes, more than the 16777216 bytes (16 MiB) eksnode reads back from a file", Writes.INSIDE, node -> {
          Files.createDirectories(node.file("/etc/systemd/system/kubelet.service.d"));
          try (RandomAccessFile file = new RandomAccessFile(node.file("/etc/systemd/system/kubelet.service.d/50-big.conf").toFile(), "rw")) {
            file.setLength(16L << 30);
          }
        }));
    // Deep nesting in every format.
    attacks.add(new Attack("nesting/TOML arrays 10000 deep in user data", 2,
        "TOML nests deeper than eksnode reads (64 levels of arrays and inline tables)", Writes.NOTHING,
        node -> node.userData(gzip("[kubelet]\nflags = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"))));
    attacks.add(new Attack("nesting/TOML inline tables 10000 deep in a file", 2, "TOML nests deeper than eksnode reads",
        Writes.NOTHING, node -> node.config("[kubelet]\nconfig = " + "{a = ".repeat(10_000) + "1" + "}".repeat(10_000) + "\n")));
    attacks.add(new Attack("nesting/TOML dotted keys 1000 deep", 2, "TOML nests deeper than eksnode reads", Writes.NOTHING,
        node -> node.config("[containerd.config]\n" + String.join(".", java.util.Collections.nCopies(1000, "a")) + " = 1\n")));
    attacks.add(new Attack("nesting/YAML NodeConfig 10000 deep", 2, "YAML syntax: nests deeper than eksnode reads (64 levels)",
        Writes.NOTHING, node -> node.userData(gzip(nodeConfig("  kubelet:\n    config:\n      x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")))));
    attacks.add(new Attack("nesting/JSON NodeConfig 10000 deep", 2, "JSON syntax: nests deeper than eksnode reads (64 levels)",
        Writes.NOTHING, node -> node.userData(gzip("{\"apiVersion\": \"node.eks.aws/v1alpha1\", \"kind\": \"NodeConfig\", \"spec\": "
            + "[".repeat(10_000) + "]".repeat(10_000) + "}"))));
    attacks.add(new Attack("nesting/TOML in a NodeConfig's containerd config 10000 deep", 2, "TOML nests deeper than eksnode reads",
        Writes.NOTHING, node -> node.userData(gzip(nodeConfig("  containerd:\n    config: |\n      a = " + "[".repeat(10_000)
            + "]".repeat(10_000) + "\n")))));
    attacks.add(new Attack("nesting/MIME multiparts 10 deep", 2, "MIME: multipart nested more than 4 deep", Writes.NOTHING, node -> {
      String body = nodeConfig("  kubelet:\n    flags: [\"--v=2\"]\n");
      String type = "application/node.eks.aws";
      for (int i = 0; i < 10; i++) {
        body = "--B" + i + "\nContent-Type: " + type + "\n\n" + body + "\n--B" + i + "--\n";
        type = "multipart/mixed; boundary=\"B" + i + "\"";
      }
      node.userData("MIME-Version: 1.0\nContent-Type: " + type + "\n\n" + body);
    }));
    // Settings that name paths.
    for (String path : List.of("/etc/shadow", "/etc/sudoers.d/eksnode", "/usr/bin/kubelet", "/etc/profile.d/zz-eksnode.sh",
        "/etc/kubernetes/kubelet/../../profile.d/zz.json")) {
      attacks.add(new Attack("path/outposts kubeletConfigPath " + path, 2, "plugins.outposts.kubeletConfigPath: \"" + path + "\"",
          Writes.NOTHING, node -> node.userData("[plugins.outposts]\nkubeletConfigPath = \"" + path + "\"\n")));
    }
    attacks.add(new Attack("path/instance-store mountPath /etc", 2,
        "plugins.instance-store.mountPath: \"/etc\" is not below /mnt or /data or /local or /srv", Writes.NOTHING,
        node -> node.userData("[plugins.instance-store]\nenabled = true\nmountPath = \"/etc\"\n")));
    attacks.add(new Attack("path/NodeConfig localStorage mountPath /usr/lib", 2, "\"/usr/lib\" is not below /mnt or /data or /local or /srv",
        Writes.NOTHING, node -> node.userData(nodeConfig("  instance:\n    localStorage:\n      strategy: RAID0\n      mountPath: /usr/lib\n"))));
    attacks.add(new Attack("path/soci rootDirectory /etc/cron.d", 2,
        "plugins.soci.rootDirectory: \"/etc/cron.d\" is not below /var/lib or /mnt or /data or /local or /srv", Writes.NOTHING,
        node -> node.userData("[plugins.soci]\nenabled = true\nrootDirectory = \"/etc/cron.d\"\n")));
    // Symbolic links already in the root.
    attacks.add(new Attack("symlink/var/lib/kubelet to a directory outside", 1,
        "/var/lib/kubelet is a symbolic link to <outside>, which leads out of the root", Writes.INSIDE,
        node -> node.link("/var/lib/kubelet", node.outside.toString())));
    attacks.add(new Attack("symlink/the systemd directory, relative, climbing out", 1,
        "/etc/systemd/system is a symbolic link to ../../../outside, which leads out of the root", Writes.INSIDE, node -> {
          Path system = node.file("/etc/systemd/system");
          deleteTree(system);
          node.link("/etc/systemd/system", "../../../outside");
        }));
    attacks.add(new Attack("symlink/the reports directory", 1, "/var/lib/eksnode/reports is a symbolic link", Writes.INSIDE,
        node -> node.link("/var/lib/eksnode/reports", node.outside.toString())));
    attacks.add(new Attack("symlink/the state directory, inside the root", 1, "/var/lib/eksnode/state is a symbolic link", Writes.INSIDE,
        node -> node.link("/var/lib/eksnode/state", "../../../etc/profile.d")));
    attacks.add(new Attack("symlink/a temporary file's name", 0, "succeeded", Writes.INSIDE,
        node -> node.link("/etc/kubernetes/pki/.ca.crt.eksnode-tmp", node.outside.resolve("canary").toString())));
    attacks.add(new Attack("symlink/a configuration drop-in to a file outside", 2,
        "50-outside.toml: leads through a symbolic link to <outside>/canary.toml, outside the root <root>", Writes.NOTHING, node -> {
          Files.writeString(node.outside.resolve("canary.toml"), "[kubelet.labels]\nsecret = \"from outside the root\"\n");
          node.link("/etc/eksnode/config.d/50-outside.toml", node.outside.resolve("canary.toml").toString());
        }));
    attacks.add(new Attack("symlink/a configuration drop-in to /dev/zero", 2,
        "50-zero.toml: is not a regular file (a FIFO, socket or device)", Writes.NOTHING,
        node -> node.link("/etc/eksnode/config.d/50-zero.toml", "/dev/zero")));
    // Hanging and flooding commands.
    attacks.add(new Attack("command/kubelet --version never exits", 1,
        "command did not finish within 3 s (EKSNODE_PROBE_DEADLINE_SECONDS) and was killed: <root>/usr/bin/kubelet --version",
        Writes.INSIDE, node -> node.program("/usr/bin/kubelet", "#!/bin/sh\nexec sleep 100000\n")));
    attacks.add(new Attack("command/kubelet --version leaves a child holding its output", 0, "succeeded", Writes.INSIDE,
        node -> node.program("/usr/bin/kubelet", "#!/bin/sh\nsleep 100000 &\necho 'Kubernetes v1.31.2'\n")));
    attacks.add(new Attack("command/kubelet --version floods its output", 1,
        "command wrote more than 1048576 bytes (1 MiB) to its standard output and was killed: <root>/usr/bin/kubelet --version",
        Writes.INSIDE, node -> node.program("/usr/bin/kubelet", "#!/bin/sh\nexec yes Kubernetes v1.31.2\n")));
    // FIFOs and special files.
    attacks.add(new Attack("fifo/the image configuration", 2, "eksnode.toml: is not a regular file (a FIFO, socket or device)",
        Writes.NOTHING, node -> node.fifo("/etc/eksnode/eksnode.toml")));
    attacks.add(new Attack("fifo/a node-local drop-in", 2, "10-fifo.toml: is not a regular file (a FIFO, socket or device)",
        Writes.NOTHING, node -> node.fifo("/etc/eksnode/local.d/10-fifo.toml")));
    attacks.add(new Attack("fifo/a plugin jar", 3, "fifo.jar failed to load: is not a regular file", Writes.NOTHING,
        node -> node.fifo("/opt/eksnode/plugins/fifo.jar")));
    attacks.add(new Attack("fifo/a managed file", 0, "succeeded", Writes.INSIDE, node -> node.fifo("/etc/kubernetes/kubelet/config.json")));
    attacks.add(new Attack("fifo/the os-release file", 0, "succeeded", Writes.INSIDE, node -> node.fifo("/etc/os-release")));
    // Hostile metadata values.
    attacks.add(new Attack("metadata/instance id with a NUL byte", 1,
        "meta-data/instance-id is \"i-0a1b2c3d\\x004e5f6a7b8\", not an instance id", Writes.INSIDE,
        node -> node.faults.add(new Fault.Answer("meta-data/instance-id", "i-0a1b2c3d\u00004e5f6a7b8", Fault.FOREVER))));
    attacks.add(new Attack("metadata/MAC with a space and a newline", 1, "meta-data/mac is \"0e:49:61:0f:c3:11 x\\ny\", not a MAC address",
        Writes.INSIDE, node -> node.faults.add(new Fault.Answer("meta-data/mac", "0e:49:61:0f:c3:11 x\ny", Fault.FOREVER))));
    attacks.add(new Attack("metadata/host name with a unit file line", 1, "meta-data/local-hostname is", Writes.INSIDE,
        node -> node.faults.add(new Fault.Answer("meta-data/local-hostname", "ip-10-0-1-23\nExecStartPre=/bin/touch /tmp/x", Fault.FOREVER))));
    attacks.add(new Attack("metadata/an 8 MB session token", 2,
        "user-data: instance metadata: PUT /latest/api/token answered more than 65536 bytes, more than eksnode reads from one answer",
        Writes.NOTHING,
        node -> node.faults.add(new Fault.Flood("api/token", 8L << 20, Fault.FOREVER))));
    attacks.add(new Attack("metadata/a 100 MB instance type", 1, "GET /latest/meta-data/instance-type answered more than 65536 bytes",
        Writes.INSIDE, node -> node.faults.add(new Fault.Flood("meta-data/instance-type", 100L << 20, Fault.FOREVER))));
    attacks.add(new Attack("metadata/EC2 limits past int", 1, "answered limits eksnode cannot use for m10i.large: vcpus 2147483647 is outside 1..8192",
        Writes.INSIDE, node -> {
          node.instance = node.instance.replace("\"m5.large\"", "\"m10i.large\"");
          node.ec2 = "{\"instanceTypes\": {\"m10i.large\": {\"vcpus\": 2147483647, \"memoryMiB\": 8192, "
              + "\"maximumNetworkInterfaces\": 2147483647, \"ipv4AddressesPerInterface\": 2147483647, \"hypervisor\": \"nitro\"}}}";
        }));
    // Plugins that exit, hang or throw errors.
    attacks.add(new Attack("plugin/System.exit(0) in a step", 3,
        "its class quitter.Hostile$1 calls System.exit: a plugin may not end the eksnode process", Writes.NOTHING,
        node -> plugin(node, "quitter", "", "System.exit(0); return Outcome.done();")));
    attacks.add(new Attack("plugin/System.exit(42) by reflection in a step", 3,
        "plugin 'reflector', step reflector/act tried to end the eksnode process (System.exit); a plugin may not; the run is failed,"
            + " report /var/lib/eksnode/reports/boot.json", Writes.INSIDE,
        node -> plugin(node, "reflector", "", "System.class.getMethod(\"exit\", int.class).invoke(null, 42); return Outcome.done();")));
    attacks.add(new Attack("plugin/System.exit in a static initializer", 3, "its class starter.Hostile calls System.exit", Writes.NOTHING,
        node -> plugin(node, "starter", "static { System.exit(0); }", "return Outcome.done();")));
    attacks.add(new Attack("plugin/a static initializer that spins", 3,
        "spinner.jar failed to load: did not finish loading within 3 s (EKSNODE_PLUGIN_LOAD_DEADLINE_SECONDS)", Writes.NOTHING,
        node -> plugin(node, "spinner", "static { spin(); } static void spin() { while (true) { Thread.onSpinWait(); } }",
            "return Outcome.done();")));
    attacks.add(new Attack("plugin/AssertionError in a static initializer", 3,
        "asserter.jar failed to load: its plugin class could not be made: an assertion failed", Writes.NOTHING,
        node -> plugin(node, "asserter", "static { if (true) { throw new AssertionError(); } }", "return Outcome.done();")));
    attacks.add(new Attack("plugin/System.exit by reflection while binding its configuration", 3,
        "plugin 'binder', while binding its configuration tried to end the eksnode process (System.exit); a plugin may not",
        Writes.NOTHING, node -> plugin(node, "binder", "@Override public Object bindConfig(ConfigSection config) { try {"
            + " System.class.getMethod(\"exit\", int.class).invoke(null, 0); } catch (ReflectiveOperationException e) {"
            + " throw new IllegalStateException(e); } return config; }", "return Outcome.done();")));
    attacks.add(new Attack("plugin/a service entry naming no class", 3,
        "ghost.jar failed to load: its META-INF/services entry names a class that cannot be loaded or made", Writes.NOTHING,
        node -> PluginJar.named("ghost.jar").service("ghost.Missing").buildIn(node.plugins())));
    attacks.add(new Attack("plugin/steps() returning null", 3, "nulls.jar failed to load: plugin 'nulls' is broken: steps() returned null",
        Writes.NOTHING, node -> PluginJar.named("nulls.jar").source("nulls.Hostile", """
            package nulls;
            import dev.eksnode.spi.*;
            import java.util.List;
            public final class Hostile implements Plugin {
              @Override public String id() { return "nulls"; }
              @Override public String version() { return "1.0.0"; }
              @Override public String description() { return "hostile"; }
              @Override public List<Step> steps() { return null; }
            }
            """).service("nulls.Hostile").buildIn(node.plugins())));
    attacks.add(new Attack("plugin/a step's stack overflow", 1, "(ran out of stack (a recursion too deep))",
        Writes.INSIDE, node -> plugin(node, "overflow", "static int deep(int n) { return deep(n + 1) + 1; }", "deep(0); return Outcome.done();")));
    attacks.add(new Attack("plugin/a step that never returns", 1,
        "(did not finish within 15 s (EKSNODE_STEP_DEADLINE_SECONDS); it was left running and failed)",
        Writes.INSIDE, node -> plugin(node, "hanger", "", "new java.util.concurrent.CountDownLatch(1).await(); return Outcome.done();")));
    return attacks.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void endsInTimeWithItsExitCodeAndALocatedMessageWithinBoundedMemoryChangingNothingOutsideTheRoot(Attack attack, @TempDir Path work)
      throws Exception {
    Path root = work.resolve("root");
    Path outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("canary"), "untouched\n");
    CrashConsistencyIT.seed(root, CrashConsistencyIT.resource("demo/eksnode.toml"));
    Node node = new Node(root, outside);
    attack.prepare().on(node);
    Map<String, String> before = tree(root);
    Map<String, String> outsideBefore = tree(outside);
    String instance = node.instance;
    if (node.userData != null) {
      var description = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(instance);
      description.put(MetadataEmulator.USER_DATA_BASE64, Base64.getEncoder().encodeToString(node.userData));
      instance = description.toString();
    }
    Run run;
    try (MetadataEmulator imds = MetadataEmulator.start(instance); Ec2Emulator ec2 = Ec2Emulator.start(node.ec2 == null ? "{}" : node.ec2)) {
      imds.faults(node.faults.toArray(Fault[]::new));
      Map<String, String> environment = new HashMap<>(node.environment);
      environment.putAll(imds.environment());
      environment.putAll(ec2.environment());
      List<String> args = new ArrayList<>(List.of("bootstrap", "--root", root.toString()));
      args.addAll(node.args);
      run = run(args, environment, work);
      String expected = attack.message().replace("<root>", root.toString()).replace("<outside>", outside.toString())
          .replace("<endpoint>", imds.endpoint().toString());
      assertTrue(run.output().contains(expected), attack + ": the output does not say \"" + expected + "\":\n" + run.output());
    }
    assertEquals(attack.exit(), run.code(), attack + " ended with another code:\n" + run.output());
    assertFalse(HostileInputTest.JAVA_NAMES.matcher(run.output()).find(), attack + ": a Java name or stack trace reached the user:\n" + run.output());
    assertTrue(run.rssMib() < MAX_RSS_MIB, attack + ": peak resident set " + run.rssMib() + " MiB");
    assertEquals(outsideBefore, tree(outside), attack + " changed files outside the root");
    if (attack.writes() == Writes.NOTHING) {
      assertEquals(before, tree(root), attack + " changed the root");
    }
    RESULTS.put(attack.name(), row(attack, run, root, outside));
    MESSAGES.put(attack.name(), run.output());
    System.out.println(attack + ": exit " + run.code() + ", peak RSS " + run.rssMib() + " MiB, " + run.seconds() + " s");
  }

  private static String row(Attack attack, Run run, Path root, Path outside) {
    // The line that says it (a log line may repeat it), without what changes from run to run: times, ports, directories.
    String message = run.output().lines().filter(line -> !LOG_LINE.matcher(line).find())
        .filter(line -> line.contains(attack.message().replaceAll("<[a-z]+>.*", "").strip()))
        .findFirst().orElse(attack.message()).strip();
    message = message.replace(root.toString(), "<root>").replace(outside.toString(), "<outside>")
        .replaceAll("http://127\\.0\\.0\\.1:\\d+", "<endpoint>").replaceAll("/tmp/junit[\\w-]*", "<work>")
        .replaceAll("^(\\w+)\\s+(\\S+)\\s+\\d+ ms\\s+", "$1 $2 ")
        .replaceAll(" in \\d+ ms", " in <n> ms");
    if (message.length() > 220) {
      message = message.substring(0, 220) + " ...";
    }
    return "| " + attack.name().substring(attack.name().indexOf('/') + 1) + " | " + attack.exit() + " | `" + message.replace("|", "\\|") + "` |";
  }

  /** Peak resident set in MiB, wall time in seconds. */
  private record Run(int code, String output, long rssMib, long seconds) {}

  private static Run run(List<String> args, Map<String, String> environment, Path work) throws Exception {
    // eksnode.attack.home attacks another build (an older one, to show what it did), leaving the packaging alone.
    Path eksnode = Path.of(System.getProperty("eksnode.attack.home", System.getProperty("eksnode.home", "target/eksnode")), "bin", "eksnode")
        .toAbsolutePath();
    Path rss = work.resolve("rss");
    List<String> command = new ArrayList<>();
    boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
    if (gnuTime) {
      command.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
    }
    command.add(eksnode.toString());
    command.addAll(args);
    Path output = work.resolve("output");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    long peakKib = 0;
    while (!process.waitFor(10, TimeUnit.MILLISECONDS)) {
      if (!gnuTime) {
        peakKib = Math.max(peakKib, highWaterMark(process.toHandle()));
      }
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(HANG_SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(command + " hung: still running after " + HANG_SECONDS + " s:\n" + Files.readString(output));
      }
    }
    if (gnuTime) {
      peakKib = Long.parseLong(Files.readAllLines(rss).getLast().strip());
    }
    String text = Files.readString(output);
    if (gnuTime) {
      text = text.replaceAll("(?m)^Command exited with non-zero status \\d+\\n", "");
    }
    return new Run(process.exitValue(), text, peakKib / 1024, (System.nanoTime() - start) / 1_000_000_000L);
  }

  /** VmHWM of a process and its descendants, in KiB (the launcher execs the JVM, so the process is the JVM soon after it starts). */
  private static long highWaterMark(ProcessHandle process) {
    long peak = 0;
    for (ProcessHandle handle : Stream.concat(Stream.of(process), process.descendants()).toList()) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(handle.pid()), "status"))) {
          if (line.startsWith("VmHWM:")) {
            peak = Math.max(peak, Long.parseLong(line.replaceAll("[^0-9]", "")));
          }
        }
      } catch (IOException e) {
        // the process ended between two looks
      }
    }
    return peak;
  }

  /** Every path under {@code root}: a file's content digest and mode, a link's target, a directory, a FIFO. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String key = "/" + root.relativize(path);
        if (Files.isSymbolicLink(path)) {
          tree.put(key, "-> " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(key, "dir " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
          long size = Files.size(path);
          String content = size > (1 << 20) ? "size " + size : Arrays.hashCode(Files.readAllBytes(path)) + " " + size;
          tree.put(key, content + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
        } else {
          tree.put(key, "special");
        }
      }
    }
    return tree;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  @AfterAll
  static void recordsTheTables() throws IOException {
    List<Attack> all = attacks().toList();
    if (RESULTS.size() != all.size()) {
      return; // a filtered or failed run neither checks nor rewrites the tables
    }
    Map<String, List<String>> byCategory = new TreeMap<>();
    all.forEach(attack -> byCategory.computeIfAbsent(attack.category(), c -> new ArrayList<>()).add(RESULTS.get(attack.name())));
    StringBuilder text = new StringBuilder();
    byCategory.forEach((category, rows) -> {
      text.append("\n**").append(category).append("** (").append(rows.size()).append(")\n\n| Input | Exit | Message |\n|---|---|---|\n");
      rows.forEach(row -> text.append(row).append('\n'));
    });
    Set<String> categories = byCategory.keySet();
    text.append("\n").append(all.size()).append(" attacks in ").append(categories.size()).append(" categories on the packaged CLI: each ended")
        .append(" with its exit code and a message naming the input or plugin, no Java class name or stack trace, nothing changed outside")
        .append(" the root (and nothing under it for refused input), within the deadlines above, and a peak resident set under ")
        .append(MAX_RSS_MIB).append(" MiB.\n");
    ReliabilityDoc.section("hostile-boot", text.substring(1));

    StringBuilder limits = new StringBuilder("| What | Limit | Beyond it | Shown by (HostileBootIT) |\n|---|---|---|---|\n");
    for (Limit limit : LIMITS) {
      String output = MESSAGES.get(limit.attack());
      assertTrue(output != null && output.contains(limit.evidence()),
          limit.what() + ": attack '" + limit.attack() + "' does not say \"" + limit.evidence() + "\":\n" + output);
      limits.append("| ").append(limit.what()).append(" | ").append(limit.value()).append(" | ").append(limit.beyond())
          .append(" | ").append(limit.attack().substring(limit.attack().indexOf('/') + 1)).append(" |\n");
    }
    ReliabilityDoc.section(ReliabilityDoc.SECURITY, "limits", limits.toString());

    StringBuilder paths = new StringBuilder("| Setting | Refused with (the attack's message) |\n|---|---|\n");
    for (String name : PATH_ATTACKS) {
      String line = MESSAGES.get(name).lines().filter(l -> l.contains("plugins.")).findFirst().orElseThrow().strip();
      String key = line.substring(line.indexOf("plugins."), line.indexOf(": ", line.indexOf("plugins.")));
      paths.append("| `").append(key).append("` | ").append(line.substring(line.indexOf(key) + key.length() + 2)).append(" |\n");
    }
    ReliabilityDoc.section(ReliabilityDoc.SECURITY, "allowed-paths", paths.toString());
  }
}
