package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.Cli;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import dev.eksnode.spi.Phase;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values from user data never reach a shell, and systemd expands nothing in them. Every field that
 * is accepted and ends up in a command line, a unit file, a drop-in or an environment file carries
 * shell and systemd metacharacters ({@code $(touch ...)}, backticks, {@code ;}, {@code |}, {@code %n},
 * {@code %Q}, {@code ${HOME}}, {@code $HOME}, spaces and a {@code --flag} where spaces are allowed).
 * Then: every command the run records is an argument vector in which each value is one whole
 * argument, no command is a shell with a value in its script, the marker file the values would create
 * never appears, and the generated files, read back by systemd's own rules (systemd.service(5)
 * "Command lines", systemd.exec(5) {@code Environment=} and {@code EnvironmentFile=},
 * systemd-system.conf(5)), give back each value exactly. {@code systemd-analyze verify} loads the units
 * and would report the unknown specifier {@code %Q} had a percent sign not been doubled.
 *
 * <p>Values that systemd cannot carry (line breaks, whitespace in a kubelet flag) or that have a
 * grammar of their own (label values, taints, the cluster name) are refused with exit 2 before
 * anything is written: the {@code injection} category of {@link HostileInputTest}.
 */
class ShellInjectionIT {

  private static final List<String> SHELLS = List.of("sh", "bash", "dash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash");

  @Test
  void valuesStayWholeArgumentsAndSystemdExpandsNothing(@TempDir Path work) throws Exception {
    Path root = work.resolve("root");
    Path marker = work.resolve("pwned");
    // No whitespace: the form a kubelet flag or a NO_PROXY entry may take.
    String word = "$(touch${IFS}" + marker + ")`touch${IFS}" + marker + "`;|%n%Q${HOME}$HOME\\x\\";
    // With spaces, quotes and a flag: the form an environment value may take.
    String phrase = "$(touch " + marker + ") `touch " + marker + "`; echo 'x' | tee \"" + marker + "\" %n %Q ${HOME} $HOME --anonymous-auth=true";
    String config = CrashConsistencyIT.resource("demo/eksnode.toml") + """

        [kubelet]
        flags = ["--node-status-max-images=%s"]

        [instance.environment.kubelet]
        HOSTILE = "%s"

        [instance.environment.default]
        HOSTILE = "%s"

        [plugins.proxy]
        enabled = true
        httpProxy = "http://proxy.internal:3128"
        noProxy = ["%s"]
        systemWide = true
        """.formatted(toml(word), toml(phrase), toml(phrase), toml(word));
    CrashConsistencyIT.seed(root, config);

    String output;
    int code;
    try (MetadataEmulator imds = MetadataEmulator.start(CrashConsistencyIT.resource("demo/instance.json"))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
        code = new Cli(out, out, imds.environment(), InputStream.nullInputStream()).run("bootstrap", "--root", root.toString());
      }
      output = bytes.toString(StandardCharsets.UTF_8);
    }
    assertEquals(0, code, output);
    assertFalse(Files.exists(marker, LinkOption.NOFOLLOW_LINKS), "a value was run by a shell: " + marker + " exists");

    // Commands: argument vectors, each value one whole argument, no shell running a value.
    RunReport report = Kernel.readReport(root.resolve(Kernel.reportPath(Phase.BOOT).substring(1)));
    List<List<String>> commands = new ArrayList<>();
    for (StepRecord step : report.steps()) {
      for (String action : step.actions()) {
        if (action.startsWith("run ")) {
          commands.add(ShellWords.split(action.substring(4)));
        }
      }
    }
    assertTrue(commands.contains(List.of("systemctl", "set-environment", "HTTP_PROXY=http://proxy.internal:3128",
            "http_proxy=http://proxy.internal:3128", "HTTPS_PROXY=http://proxy.internal:3128",
            "https_proxy=http://proxy.internal:3128", "NO_PROXY=" + noProxy(word), "no_proxy=" + noProxy(word))),
        "the systemd manager gets NO_PROXY as one argument: " + commands);
    for (List<String> command : commands) {
      for (String argument : command) {
        if (argument.contains("touch")) {
          assertTrue(argument.contains(word) || argument.contains(phrase), "a value split across arguments: " + command);
        }
      }
      if (SHELLS.contains(command.getFirst())) {
        int script = command.indexOf("-c") + 1;
        assertTrue(script == 0 || !command.get(script).contains("touch"), "a shell runs a value: " + command);
      }
    }

    // The kubelet's ExecStart, its Environment= drop-in, the manager's DefaultEnvironment= and the proxy's EnvironmentFile=.
    String kubeletDropIn = Files.readString(root.resolve("etc/systemd/system/kubelet.service.d/10-eksnode.conf"));
    List<String> execStart = SystemdSyntax.execStart(kubeletDropIn);
    assertTrue(execStart.contains("--node-status-max-images=" + word), "ExecStart gives back the flag whole: " + execStart);
    assertEquals("/usr/bin/kubelet", execStart.getFirst());
    String environment = Files.readString(root.resolve("etc/systemd/system/kubelet.service.d/00-eksnode-environment.conf"));
    assertEquals(List.of("HOSTILE=" + phrase), SystemdSyntax.environment(environment, "Environment", true));
    String manager = Files.readString(root.resolve("etc/systemd/system.conf.d/00-eksnode-environment.conf"));
    assertEquals(List.of("HOSTILE=" + phrase), SystemdSyntax.environment(manager, "DefaultEnvironment", false));
    String proxyManager = Files.readString(root.resolve("etc/systemd/system.conf.d/20-eksnode-proxy.conf"));
    assertTrue(SystemdSyntax.environment(proxyManager, "DefaultEnvironment", false).contains("NO_PROXY=" + noProxy(word)),
        proxyManager);
    Map<String, String> proxyEnv = SystemdSyntax.environmentFile(Files.readString(root.resolve("etc/eksnode/proxy.env")));
    assertEquals(noProxy(word), proxyEnv.get("NO_PROXY"));
    assertEquals(noProxy(word), proxyEnv.get("no_proxy"));

    verifyUnits(work, root, List.of("kubelet.service", "containerd.service"));
  }

  /** The NO_PROXY list the proxy plugin completes: its automatic entries, then the user's. */
  private static String noProxy(String userEntry) {
    return "localhost,127.0.0.1,::1,169.254.169.254,fd00:ec2::254,10.100.0.0/16,10.0.0.0/16," + userEntry;
  }

  private static String toml(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  /**
   * {@code systemd-analyze verify --root} on a copy of the booted root, with the host's units (the
   * targets and slices the services need) added and the usr-merge links; any output fails.
   */
  private static void verifyUnits(Path work, Path booted, List<String> units) throws Exception {
    Assumptions.assumeFalse("1".equals(System.getenv("EKSNODE_SKIP_TOOL_TESTS")), "EKSNODE_SKIP_TOOL_TESTS=1");
    assertTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
        "systemd-analyze is not installed: run .ci/install-test-tools, or set EKSNODE_SKIP_TOOL_TESTS=1");
    Path root = work.resolve("verify");
    CrashConsistencyIT.copyTree(booted, root);
    for (String link : List.of("lib", "bin", "sbin")) {
      if (!Files.exists(root.resolve(link), LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(root.resolve(link), Path.of("usr/" + link));
      }
    }
    Files.createDirectories(root.resolve("usr/lib/systemd/system"));
    assertEquals("", run(List.of("cp", "-an", "/usr/lib/systemd/system/.", root.resolve("usr/lib/systemd/system") + "/")));
    List<String> command = new ArrayList<>(List.of("/usr/bin/systemd-analyze", "verify", "--root=" + root, "--man=no"));
    command.addAll(units);
    assertEquals("", run(command), "systemd-analyze verify " + units);
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), command + " did not end");
    return output.strip() + (process.exitValue() == 0 ? "" : "\nexit " + process.exitValue());
  }

  /** Reads back the command text of the run report ({@code CommandText} in the kernel). */
  static final class ShellWords {

    private ShellWords() {}

    static List<String> split(String text) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == ' ') {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
          continue;
        }
        word = word == null ? new StringBuilder() : word;
        if (c == '\'') {
          int end = text.indexOf('\'', i + 1);
          word.append(text, i + 1, end);
          i = end;
        } else if (c == '\\') {
          word.append(text.charAt(++i));
        } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
          for (i += 2; text.charAt(i) != '\''; i++) {
            char d = text.charAt(i);
            if (d != '\\') {
              word.append(d);
              continue;
            }
            char e = text.charAt(++i);
            switch (e) {
              case 'n' -> word.append('\n');
              case 't' -> word.append('\t');
              case 'r' -> word.append('\r');
              case 'x' -> {
                word.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
              }
              default -> word.append(e);
            }
          }
        } else {
          word.append(c);
        }
      }
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }
  }

  /**
   * systemd's reading of the generated files, written from its manual pages, strict where eksnode's
   * output should be: a {@code %} that is not {@code %%} (a specifier) or, on a command line, a {@code $}
   * that is not {@code $$} (a variable) fails the test instead of being expanded.
   */
  static final class SystemdSyntax {

    private SystemdSyntax() {}

    /** The last non-empty {@code ExecStart=} of a unit or drop-in, continuation lines joined, as argv. */
    static List<String> execStart(String unit) {
      String joined = unit.replace("\\\n", " ");
      String line = joined.lines().filter(l -> l.startsWith("ExecStart=") && l.length() > "ExecStart=".length())
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no ExecStart= in\n" + unit));
      return words(line.substring("ExecStart=".length()), true, true);
    }

    /** Every assignment of {@code Environment=} (a unit) or {@code DefaultEnvironment=} (the manager), in order. */
    static List<String> environment(String file, String key, boolean specifiers) {
      List<String> assignments = new ArrayList<>();
      file.lines().filter(l -> l.startsWith(key + "="))
          .forEach(l -> assignments.addAll(words(l.substring(key.length() + 1), specifiers, false)));
      return assignments;
    }

    /**
     * An {@code EnvironmentFile=}: {@code NAME=value} lines; a double-quoted value keeps everything but
     * a backslash before {@code " \ ` $} or a line break; a single-quoted one everything.
     */
    static Map<String, String> environmentFile(String text) {
      Map<String, String> values = new java.util.LinkedHashMap<>();
      for (String line : text.lines().toList()) {
        if (line.isBlank() || line.startsWith("#") || line.startsWith(";")) {
          continue;
        }
        int equals = line.indexOf('=');
        String value = line.substring(equals + 1);
        StringBuilder out = new StringBuilder();
        if (value.startsWith("\"") && value.endsWith("\"")) {
          for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && "\"\\`$".indexOf(value.charAt(i + 1)) >= 0) {
              c = value.charAt(++i);
            }
            out.append(c);
          }
        } else if (value.startsWith("'") && value.endsWith("'")) {
          out.append(value, 1, value.length() - 1);
        } else {
          throw new AssertionError("an unquoted environment file value: " + line);
        }
        values.put(line.substring(0, equals), out.toString());
      }
      return values;
    }

    /** Words split as systemd splits a command line or an assignment list: quotes, C escapes, specifiers, variables. */
    static List<String> words(String text, boolean specifiers, boolean variables) {
      List<String> words = new ArrayList<>();
      StringBuilder word = null;
      char quote = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (specifiers && c == '%') {
          if (i + 1 >= text.length() || text.charAt(i + 1) != '%') {
            throw new AssertionError("systemd would expand the specifier %" + text.charAt(i + 1) + " in: " + text);
          }
          i++;
        } else if (variables && c == '$') {
          if (i + 1 >= text.length() || text.charAt(i + 1) != '$') {
            throw new AssertionError("systemd would expand a variable at $" + text.substring(i + 1) + " in: " + text);
          }
          i++;
        } else if (quote == 0 && (c == ' ' || c == '\t')) {
          if (word != null) {
            words.add(word.toString());
            word = null;
          }
          continue;
        } else if (c == '"' || c == '\'') {
          word = word == null ? new StringBuilder() : word;
          if (quote == 0) {
            quote = c;
            continue;
          }
          if (quote == c) {
            quote = 0;
            continue;
          }
        } else if (c == '\\') {
          char e = text.charAt(++i);
          c = switch (e) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 's' -> ' ';
            default -> e;
          };
        }
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
      assertEquals(0, quote, "an unclosed quote in: " + text);
      if (word != null) {
        words.add(word.toString());
      }
      return words;
    }
  }
}
