package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksnode.cli.Cli;
import dev.eksnode.tck.emulator.MetadataEmulator;
import dev.eksnode.tck.emulator.NodeRoots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy credential in the configuration reaches the services that need it and nothing else: not
 * standard output or error, not the run report, not the plan, and no world-readable file.
 */
class SecretsTest {

  static final String PASSWORD = "s3cr3t-Pa55word";

  @Test
  void aProxyPasswordInThePluginsSectionReachesOnlyTheRootOnlyEnvironmentFile(@TempDir Path root) throws IOException {
    String proxy = "\n[plugins.proxy]\nenabled = true\nhttpsProxy = \"http://user:" + PASSWORD + "@proxy.internal:3128\"\n";
    List<String> holders = run(root, proxy, demoInstance());
    assertEquals(List.of("/etc/eksnode/eksnode.toml", "/etc/eksnode/proxy.env"), holders);
  }

  @Test
  void aProxyPasswordInNodeConfigUserDataReachesOnlyTheRootOnlyEnvironmentFile(@TempDir Path root) throws IOException {
    ObjectNode instance = (ObjectNode) new ObjectMapper().readTree(demoInstance());
    instance.put("user-data", """
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          instance:
            environment:
              default:
                HTTPS_PROXY: http://user:%s@proxy.internal:3128
                NO_PROXY: .internal
        """.formatted(PASSWORD));
    List<String> holders = run(root, "", instance.toString());
    assertEquals(List.of("/etc/eksnode/proxy.env"), holders, "user data is not kept on the root");
  }

  private static String demoInstance() throws IOException {
    try (InputStream in = Cli.class.getResourceAsStream("demo/instance.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Plans and boots the demo node with {@code extraToml} after its configuration; the files holding the password. */
  private static List<String> run(Path root, String extraToml, String instance) throws IOException {
    NodeRoots.seed(NodeRoots.AL2023, root);
    String demo;
    try (InputStream in = Cli.class.getResourceAsStream("demo/eksnode.toml")) {
      demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path config = root.resolve("etc/eksnode/eksnode.toml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, demo + extraToml);
    Files.setPosixFilePermissions(config, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    List<String> outputs = new ArrayList<>();
    try (MetadataEmulator imds = MetadataEmulator.start(instance)) {
      for (List<String> args : List.of(
          List.of("plan", "--root", root.toString(), "--explain"),
          List.of("plan", "--root", root.toString(), "--output", "json"),
          List.of("bootstrap", "--root", root.toString()),
          List.of("bootstrap", "--root", root.toString(), "--output", "json"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
          code = new Cli(o, e, imds.environment(), InputStream.nullInputStream()).run(args.toArray(String[]::new));
        }
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, args + ":\n" + text);
        outputs.add(String.join(" ", args) + ":\n" + text);
      }
    }
    for (String output : outputs) {
      assertFalse(output.contains(PASSWORD), "the password reached the output of " + output);
    }
    List<String> holders = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(PASSWORD)) {
          continue;
        }
        String path = "/" + root.relativize(file);
        holders.add(path);
        assertFalse(path.startsWith("/var/lib/eksnode/reports/"), "the password reached the run report " + path);
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        assertFalse(mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.GROUP_READ),
            path + " holds the password and is readable beyond its owner: " + permissions(mode));
      }
    }
    Collections.sort(holders);
    return holders;
  }

  private static String permissions(Set<PosixFilePermission> mode) {
    return java.nio.file.attribute.PosixFilePermissions.toString(mode);
  }
}
