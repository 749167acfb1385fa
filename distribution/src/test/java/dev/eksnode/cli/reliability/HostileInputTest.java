package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile user data and configuration: malformed and truncated TOML, YAML and MIME, gzip
 * bombs, oversized and over-encoded input, YAML alias bombs, deep nesting, invalid UTF-8 and NUL bytes,
 * relative and {@code ..} paths, newline and flag injection into values that reach unit files and
 * command lines, huge numbers. Every case must end with exit 2 and a located message, no stack trace,
 * nothing written. Nothing is timed: a bomb is refused by a reader's budget (size, decoded size,
 * encoding layers, nesting, aliases), which its message names. The count in docs/reliability.md is
 * this test's output.
 */
class HostileInputTest {

  static final Path BAD = Path.of("src", "test", "resources", "config-corpus", "bad");
  static final Path GOOD = Path.of("src", "test", "resources", "config-corpus", "good");

  private static final Map<String, String> RESULTS = new ConcurrentHashMap<>();

  /** A Java exception or error class name, or a stack frame: what users must never see. */
  static final java.util.regex.Pattern JAVA_NAMES =
      java.util.regex.Pattern.compile("\\b\\w+(Exception|Error)\\b|\\bjava\\.(lang|io|util|nio)\\.|\\n\\s+at [\\w.$]+\\(|Caused by:");

  /** A character that moves a terminal's cursor or reorders text: any control character but the line break. */
  static final java.util.regex.Pattern TERMINAL_CONTROL =
      java.util.regex.Pattern.compile("[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]");

  /**
   * One hostile input.
   *
   * @param name the case's name, {@code category/what}
   * @param file the file name it is validated as (its extension decides how it is read)
   * @param bytes the input
   */
  record Case(String name, String file, byte[] bytes) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case toml(String name, String text) {
    return new Case(name, "input.toml", text.getBytes(StandardCharsets.UTF_8));
  }

  private static Case yaml(String name, String text) {
    return new Case(name, "input.yaml", text.getBytes(StandardCharsets.UTF_8));
  }

  private static Case userData(String name, byte[] bytes) {
    return new Case(name, "user-data", bytes);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gzipZeros(long count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] block = new byte[1 << 20];
      for (long written = 0; written < count; written += block.length) {
        gz.write(block);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static final String CLUSTER = """
      [cluster]
      name = "hostile"
      apiServerEndpoint = "https://0123456789ABCDEF0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com"
      serviceCidr = "10.100.0.0/16"
      """;

  static Stream<Case> cases() throws IOException {
    List<Case> cases = new ArrayList<>();
    String twin = Files.readString(GOOD.resolve("twin.toml"));
    String mime = Files.readString(GOOD.resolve("twin.mime"));

    // Truncated TOML: cut right after each of the first opening quotes, an unterminated string.
    int cuts = 0;
    for (int i = twin.indexOf("= \""); i >= 0 && cuts < 12; i = twin.indexOf("= \"", i + 1)) {
      cases.add(toml("truncated-toml/after-quote-" + (++cuts), twin.substring(0, i + 3)));
    }
    // Truncated TOML: cut inside each table header.
    cuts = 0;
    for (int i = twin.indexOf("\n["); i >= 0 && cuts < 6; i = twin.indexOf("\n[", i + 1)) {
      cases.add(toml("truncated-toml/in-header-" + (++cuts), twin.substring(0, i + 3)));
    }
    // Truncated MIME: cut inside each part's YAML or TOML body, after an opening quote.
    cuts = 0;
    for (int i = mime.indexOf(": \""); i >= 0 && cuts < 6; i = mime.indexOf(": \"", i + 1)) {
      cases.add(userData("truncated-mime/after-quote-" + (++cuts), mime.substring(0, i + 3).getBytes(StandardCharsets.UTF_8)));
    }
    // Malformed TOML.
    cases.add(toml("malformed-toml/unclosed-array", CLUSTER + "[kubelet]\nflags = [\"--v=2\"\n"));
    cases.add(toml("malformed-toml/unclosed-inline-table", CLUSTER + "[kubelet]\nconfig = { maxPods = 3\n"));
    cases.add(toml("malformed-toml/bare-value", CLUSTER + "garbage\n"));
    cases.add(toml("malformed-toml/equals-only", "=\n"));
    cases.add(toml("malformed-toml/redefined-table", CLUSTER + "[cluster]\nname = \"again\"\n"));
    cases.add(toml("malformed-toml/bad-escape", "[cluster]\nname = \"a\\qb\"\n"));
    cases.add(toml("malformed-toml/triple-quote-unclosed", "[cluster]\nname = \"\"\"abc\n"));
    cases.add(toml("malformed-toml/dotted-key-conflict", "[cluster]\nname = \"a\"\nname.x = 1\n"));
    // Malformed YAML.
    cases.add(yaml("malformed-yaml/tab-indent", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n\tcluster: {}\n"));
    cases.add(yaml("malformed-yaml/unclosed-flow", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec: {cluster: {name: a\n"));
    cases.add(yaml("malformed-yaml/unclosed-quote", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: \"abc\n"));
    cases.add(yaml("malformed-yaml/bad-indent", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n name: a\n"));
    cases.add(yaml("malformed-yaml/scalar-document", "just a string\n"));
    cases.add(yaml("malformed-yaml/list-document", "- a\n- b\n"));
    cases.add(yaml("malformed-yaml/duplicate-key", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nkind: NodeConfig\n"));
    // Malformed MIME.
    cases.add(userData("malformed-mime/no-boundary", ("MIME-Version: 1.0\nContent-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nhi\n--x--\n").getBytes(StandardCharsets.UTF_8)));
    cases.add(userData("malformed-mime/never-closed", ("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/node.eks.aws\n\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec: {cluster: {name: \"x\n").getBytes(StandardCharsets.UTF_8)));
    cases.add(userData("malformed-mime/bad-part-toml", ("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/x-eksnode+toml\n\n[cluster\n--B--\n").getBytes(StandardCharsets.UTF_8)));
    cases.add(userData("malformed-mime/bad-part-base64", ("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: application/node.eks.aws\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n--B--\n").getBytes(StandardCharsets.UTF_8)));
    // Bombs and sizes.
    cases.add(userData("bomb/gzip-100-MiB-of-zeros", gzipZeros(100L << 20)));
    cases.add(userData("bomb/gzip-in-base64-100-MiB", Base64.getEncoder().encode(gzipZeros(100L << 20))));
    cases.add(userData("bomb/gzip-of-gzip", gzip(gzipZeros(100L << 20))));
    cases.add(userData("size/17-MiB-user-data", ("# " + "x".repeat((17 << 20))).getBytes(StandardCharsets.UTF_8)));
    byte[] layered = "[cluster]\nname = \"x\"\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 6; i++) {
      layered = i % 2 == 0 ? gzip(layered) : Base64.getEncoder().encode(layered);
    }
    cases.add(userData("size/six-layers-of-encoding", layered));
    cases.add(userData("size/truncated-gzip", java.util.Arrays.copyOf(gzip(twin.getBytes(StandardCharsets.UTF_8)), 40)));
    // YAML alias bombs and nesting.
    cases.add(yaml("bomb/yaml-billion-laughs", """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        """));
    cases.add(yaml("bomb/yaml-one-alias", "apiVersion: &v node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: *v\n"));
    cases.add(yaml("nesting/yaml-flow-10000", "spec: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
    cases.add(yaml("nesting/yaml-block-200", nestedYaml(200)));
    cases.add(new Case("nesting/json-10000", "input.json", ("{\"spec\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8)));
    cases.add(toml("nesting/toml-inline-1000", CLUSTER + "[kubelet]\nconfig = " + "{a = ".repeat(1000) + "1" + "}".repeat(1000) + "\n"));
    cases.add(toml("nesting/toml-array-10000", CLUSTER + "[kubelet]\nflags = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
    cases.add(toml("nesting/toml-dotted-1000", CLUSTER + "[kubelet.config]\n" + String.join(".", java.util.Collections.nCopies(1000, "a")) + " = 1\n"));
    // Encoding.
    cases.add(new Case("encoding/invalid-utf8-toml", "input.toml", concat("[cluster]\nname = \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc3, 0x28}, "\"\n".getBytes(StandardCharsets.UTF_8))));
    cases.add(new Case("encoding/invalid-utf8-yaml", "input.yaml", concat("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe}, "\n".getBytes(StandardCharsets.UTF_8))));
    cases.add(new Case("encoding/invalid-utf8-user-data", "user-data", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, 0, 1, 2}));
    cases.add(toml("encoding/nul-in-toml-value", CLUSTER.replace("name = \"hostile\"", "name = \"a\u0000b\"")));
    cases.add(toml("encoding/nul-in-toml-key", CLUSTER + "[kubelet.labels]\n\"a\u0000b\" = \"c\"\n"));
    cases.add(yaml("encoding/nul-in-yaml", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: \"a\\0b\"\n"));
    cases.add(toml("encoding/escaped-nul-in-label", CLUSTER + "[kubelet.labels]\nteam = \"a\\u0000b\"\n"));
    cases.add(new Case("encoding/utf16-toml", "input.toml", (CLUSTER).getBytes(StandardCharsets.UTF_16)));
    // Paths.
    for (String path : List.of("../../etc/shadow", "/mnt/../../etc", "relative/dir", "/mnt/k8s-disks/..", "/mnt/./x/../..", "", "/mnt/a\nb", "/mnt/a\u0000b")) {
      cases.add(toml("path/mount-path " + path.replace("\n", "\\n").replace("\u0000", "\\0"),
          CLUSTER + "[plugins.instance-store]\nenabled = true\nmountPath = \"" + tomlEscape(path) + "\"\n"));
    }
    cases.add(yaml("path/nodeconfig-mount-path", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  instance:\n    localStorage:\n      strategy: RAID0\n      mountPath: ../../../etc\n"));
    cases.add(toml("path/environment-service-traversal", CLUSTER + "[instance.environment.\"../../etc/cron.d/x\"]\nA = \"b\"\n"));
    cases.add(toml("path/environment-service-slash", CLUSTER + "[instance.environment.\"kubelet/../x\"]\nA = \"b\"\n"));
    cases.add(toml("path/label-key-traversal", CLUSTER + "[kubelet.labels]\n\"../../x\" = \"y\"\n"));
    // Injection into unit files and command lines.
    for (String value : List.of("a\nb", "a\rb", "--node-ip=1.2.3.4", "a --v=9", "a;reboot", "$(reboot)", "`reboot`", "a,b=c")) {
      String shown = value.replace("\n", "\\n").replace("\r", "\\r");
      cases.add(toml("injection/label-value " + shown, CLUSTER + "[kubelet.labels]\nteam = \"" + tomlEscape(value) + "\"\n"));
    }
    for (String value : List.of("a\nb", "--x", "a=b,c=d")) {
      String shown = value.replace("\n", "\\n");
      cases.add(toml("injection/label-key " + shown, CLUSTER + "[kubelet.labels]\n\"" + tomlEscape(value) + "\" = \"v\"\n"));
    }
    for (String taint : List.of("a=b:NoSchedule\n--v=9", "a=b\n:NoSchedule", "--register-with-taints=x=y:NoSchedule", "a=b:NoSchedule,c=d:NoExecute")) {
      cases.add(toml("injection/taint " + taint.replace("\n", "\\n"), CLUSTER + "[kubelet]\ntaints = [\"" + tomlEscape(taint) + "\"]\n"));
    }
    for (String flag : List.of("--v=2\n--node-ip=1.2.3.4", "--v=2\nExecStartPre=/bin/sh", "--v=2 --node-ip=1.2.3.4", "--v=2\r")) {
      cases.add(toml("injection/kubelet-flag " + flag.replace("\n", "\\n").replace("\r", "\\r"), CLUSTER + "[kubelet]\nflags = [\"" + tomlEscape(flag) + "\"]\n"));
    }
    for (String value : List.of("a\nExecStartPre=/bin/sh -c reboot", "a\r\nX=1", "a\u0000b")) {
      cases.add(toml("injection/environment-value " + value.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0"),
          CLUSTER + "[instance.environment.kubelet]\nGODEBUG = \"" + tomlEscape(value) + "\"\n"));
    }
    cases.add(toml("injection/environment-name", CLUSTER + "[instance.environment.kubelet]\n\"A\nB\" = \"c\"\n"));
    cases.add(toml("injection/cluster-name-newline", CLUSTER.replace("name = \"hostile\"", "name = \"a\\nb\"")));
    cases.add(toml("injection/cluster-name-flag", CLUSTER.replace("name = \"hostile\"", "name = \"--kubeconfig=/tmp/x\"")));
    cases.add(toml("injection/endpoint-newline", CLUSTER.replace(".eks.amazonaws.com\"", ".eks.amazonaws.com\\nserver: https://evil\"")));
    cases.add(toml("injection/proxy-newline", CLUSTER + "[plugins.proxy]\nenabled = true\nhttpsProxy = \"http://proxy:3128\\nEvil=1\"\n"));
    cases.add(toml("injection/no-proxy-newline", CLUSTER + "[plugins.proxy]\nenabled = true\nhttpProxy = \"http://proxy:3128\"\nnoProxy = [\"a\\nHTTPS_PROXY=http://evil\"]\n"));
    // Characters that drive a terminal or reorder text, echoed by the message that refuses them.
    cases.add(toml("injection/terminal-escape-in-cluster-name", CLUSTER.replace("name = \"hostile\"", "name = \"a\\u001b[2J\\u001b]0;owned\\u0007b\"")));
    cases.add(toml("injection/c1-escape-in-label", CLUSTER + "[kubelet.labels]\nteam = \"a\\u009b31mred\"\n"));
    cases.add(toml("injection/bidi-override-in-label-key", CLUSTER + "[kubelet.labels]\n\"a\\u202etxt.exe\" = \"v\"\n"));
    cases.add(yaml("injection/terminal-escape-in-yaml-value", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: \"\\e[2Jx\"\n"));
    cases.add(toml("injection/node-ip-flag", CLUSTER + "[instance.network]\nnodeIp = \"10.0.0.1 --v=9\"\n"));
    cases.add(toml("injection/cni-version", CLUSTER + "[kubelet.maxPods]\ncniVersion = \"1.18\\n--x\"\n"));
    // Huge numbers.
    for (String number : List.of("99999999999999999999999", "-1", "0", "1e400", "9223372036854775807", "nan", "inf", "1.5")) {
      cases.add(toml("numbers/max-pods-value " + number, CLUSTER + "[kubelet.maxPods]\npolicy = \"fixed\"\nvalue = " + number + "\n"));
    }
    for (String number : List.of("99999999999999999999999", "-5", "1e400")) {
      cases.add(toml("numbers/kubelet-config-maxPods " + number, CLUSTER + "[kubelet.config]\nmaxPods = " + number + "\n"));
    }
    cases.add(yaml("numbers/yaml-huge-int", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  kubelet:\n    config:\n      maxPods: 1" + "0".repeat(5000) + "\n"));
    cases.add(toml("numbers/toml-huge-float-string", CLUSTER + "[kubelet.config]\nimageGCHighThresholdPercent = 1" + "0".repeat(5000) + "\n"));
    cases.add(toml("numbers/long-string-cluster-name", CLUSTER.replace("name = \"hostile\"", "name = \"" + "a".repeat(1_000_000) + "\"")));
    // Sizes after decoding: documents the parser would need far more memory for than their size.
    cases.add(toml("size/129-KiB-document", CLUSTER + "[kubelet.labels]\nteam = \"" + "a".repeat(129 << 10) + "\"\n"));
    cases.add(userData("size/gzip-of-200-KiB-document", gzip((CLUSTER + "# " + "x".repeat(200 << 10) + "\n").getBytes(StandardCharsets.UTF_8))));
    cases.add(userData("size/2-MiB-gzip-bomb-in-base64", Base64.getEncoder().encode(gzipZeros(2L << 20))));
    StringBuilder parts = new StringBuilder("MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"B\"\n\n");
    for (int i = 0; i < 65; i++) {
      parts.append("--B\nContent-Type: application/x-eksnode+toml\n\n[kubelet]\nflags = [\"--v=2\"]\n");
    }
    cases.add(userData("size/65-MIME-parts", parts.append("--B--\n").toString().getBytes(StandardCharsets.UTF_8)));
    cases.add(yaml("size/65-YAML-documents", ("---\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec: {}\n").repeat(65)));
    // Nesting in every format, past the parsers' own recursion.
    cases.add(userData("nesting/gzip-of-toml-arrays-10000", gzip((CLUSTER + "[kubelet]\nflags = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n")
        .getBytes(StandardCharsets.UTF_8))));
    cases.add(toml("nesting/toml-headers-100", CLUSTER + "[containerd.config." + String.join(".", java.util.Collections.nCopies(100, "a")) + "]\nb = 1\n"));
    cases.add(yaml("nesting/nodeconfig-containerd-toml-10000", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  containerd:\n"
        + "    config: |\n      a = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"));
    cases.add(userData("nesting/mime-10-deep", nestedMime(10)));
    // Settings that name paths: each refused unless below the directories its setting may point to.
    for (String path : List.of("/etc/shadow", "/etc/sudoers.d/eksnode", "/usr/bin/kubelet", "/etc/profile.d/zz-eksnode.sh",
        "/etc/kubernetes/kubelet/../../profile.d/x.json", "/etc/kubernetes/kubelet/x.sh")) {
      cases.add(toml("path/outposts-kubelet-config-path " + path, CLUSTER + "[plugins.outposts]\nkubeletConfigPath = \"" + path + "\"\n"));
    }
    for (String path : List.of("/etc", "/usr/lib/eksnode", "/var/lib/kubelet", "/")) {
      cases.add(toml("path/instance-store-mount-path " + path, CLUSTER + "[plugins.instance-store]\nenabled = true\nmountPath = \"" + path + "\"\n"));
    }
    for (String path : List.of("/etc/cron.d", "/usr/bin", "/data/%h/soci")) {
      cases.add(toml("path/soci-root-directory " + path, CLUSTER + "[plugins.soci]\nenabled = true\nrootDirectory = \"" + path + "\"\n"));
    }
    return cases.stream();
  }

  private static byte[] nestedMime(int depth) {
    String body = "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec: {}\n";
    String type = "application/node.eks.aws";
    for (int i = 0; i < depth; i++) {
      body = "--B" + i + "\nContent-Type: " + type + "\n\n" + body + "\n--B" + i + "--\n";
      type = "multipart/mixed; boundary=\"B" + i + "\"";
    }
    return ("MIME-Version: 1.0\nContent-Type: " + type + "\n\n" + body).getBytes(StandardCharsets.UTF_8);
  }

  private static String nestedYaml(int depth) {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    return yaml.append("  ".repeat(depth)).append("v\n").toString();
  }

  private static String tomlEscape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\u0000");
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesWithExit2AndALocatedMessageWritingNothing(Case hostile, @TempDir Path inputs, @TempDir Path root) throws IOException {
    Path input = inputs.resolve(hostile.file());
    Files.write(input, hostile.bytes());
    Outcome outcome = validate(input, root);
    String err = outcome.err();
    assertEquals(2, outcome.code(), hostile + " was not refused:\n" + outcome.out() + err);
    assertFalse(JAVA_NAMES.matcher(err).find(), hostile + ": a Java name or a stack trace:\n" + err);
    assertFalse(TERMINAL_CONTROL.matcher(err).find(), hostile + ": a control character reached the terminal:\n" + err.replace("\u001b", "<ESC>"));
    assertTrue(err.contains(input.toString()) || err.contains("line "), hostile + ": the message names no place:\n" + err);
    try (Stream<Path> written = Files.walk(root)) {
      assertEquals(List.of(root), written.toList(), hostile + " wrote a file");
    }
    RESULTS.put(hostile.name(), hostile.name().substring(0, hostile.name().indexOf('/')));
  }

  /** Special files where a configuration file is expected: never opened, each refused naming it. */
  static Stream<String> specialFiles() {
    return Stream.of("fifo", "link to /dev/zero", "socket");
  }

  @ParameterizedTest(name = "special-file/{0}")
  @MethodSource("specialFiles")
  void refusesASpecialFileWithoutOpeningIt(String kind, @TempDir Path inputs, @TempDir Path root) throws Exception {
    Path input = inputs.resolve("input.toml");
    switch (kind) {
      case "fifo" -> assertEquals(0, new ProcessBuilder("mkfifo", input.toString()).inheritIO().start().waitFor());
      case "link to /dev/zero" -> Files.createSymbolicLink(input, Path.of("/dev/zero"));
      default -> {
        try (var socket = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
          socket.bind(java.net.UnixDomainSocketAddress.of(input)); // the socket file stays after close
        }
      }
    }
    Outcome outcome = validate(input.resolveSibling("input.toml"), root);
    assertEquals(2, outcome.code(), kind + " was not refused:\n" + outcome.out() + outcome.err());
    assertFalse(JAVA_NAMES.matcher(outcome.err()).find(), kind + ": a Java name or a stack trace:\n" + outcome.err());
    assertTrue(outcome.err().contains(input.toString()), kind + ": the message names no place:\n" + outcome.err());
    RESULTS.put("special-file/" + kind, "special-file");
  }

  private record Outcome(int code, String out, String err) {}

  private static Outcome validate(Path input, Path root) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new Cli(o, e, Map.of(), InputStream.nullInputStream()).run("validate", input.toString(), "--root", root.toString());
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void recordsTheCount() throws IOException {
    long total = cases().count() + specialFiles().count();
    if (RESULTS.size() != total) {
      return; // a filtered or failed run does not rewrite or check the count
    }
    Map<String, Integer> byCategory = new TreeMap<>();
    RESULTS.values().forEach(category -> byCategory.merge(category, 1, Integer::sum));
    StringBuilder text = new StringBuilder("| Category | Cases |\n|---|---|\n");
    byCategory.forEach((category, count) -> text.append("| ").append(category).append(" | ").append(count).append(" |\n"));
    text.append("\n").append(total).append(" hostile inputs: ").append(total)
        .append(" refused with exit 2 and a located message; 0 crashes (stack traces), 0 files written.\n");
    ReliabilityDoc.section("hostile-corpus", text.toString());
  }
}
