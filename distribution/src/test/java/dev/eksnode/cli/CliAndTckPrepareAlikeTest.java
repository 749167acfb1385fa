package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eksnode.kernel.LoadedPlugin;
import dev.eksnode.spi.Plugin;
import dev.eksnode.tck.BaseRoots;
import dev.eksnode.tck.emulator.Ec2Emulator;
import dev.eksnode.tck.emulator.MetadataEmulator;
import dev.eksnode.tck.internal.CaseRunner;
import dev.eksnode.tck.internal.CaseSpec;
import dev.eksnode.tck.internal.PluginUnderTest;
import dev.eksnode.tck.internal.Tree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line and the conformance kit prepare a run the same way ({@code Kernel.prepare}): the
 * same root, user data served by the metadata emulator and {@code --config} file give the same tree
 * through {@code eksnode bootstrap} as through the kit's case runner. The inputs exercise what the kit
 * used to leave out: a workload profile preset the image configuration selects.
 */
class CliAndTckPrepareAlikeTest {

  @TempDir Path temp;

  private static final String USER_DATA = """
      MIME-Version: 1.0
      Content-Type: multipart/mixed; boundary="BOUNDARY"

      --BOUNDARY
      Content-Type: application/node.eks.aws

      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
            maxPods: 42
          flags:
            - --node-labels=team=blue

      --BOUNDARY--
      """;

  /** A case for the core plugin with every other built-in plugin installed beside it, as in the CLI. */
  private Path writeCase() throws IOException {
    Path dir = temp.resolve("case");
    List<String> others = new ArrayList<>();
    ServiceLoader.load(Plugin.class).forEach(plugin -> {
      if (!plugin.id().equals("core")) {
        others.add("\"" + plugin.id() + "\"");
      }
    });
    write(dir.resolve(CaseSpec.CASE_TOML), "base = \"eks-al2023\"\nphases = [\"boot\"]\nplugins = [" + String.join(", ", others) + "]\n");
    String image;
    try (var demo = Cli.class.getResourceAsStream("demo/eksnode.toml")) {
      image = new String(demo.readAllBytes(), StandardCharsets.UTF_8);
    }
    write(dir.resolve("input/etc/eksnode/eksnode.toml"), "profile = \"batch\"\n\n" + image);
    write(dir.resolve("input/etc/eksnode/profiles/batch.toml"), "[kubelet.config]\npodPidsLimit = 16384\n");
    write(dir.resolve(CaseSpec.USER_DATA), USER_DATA);
    write(dir.resolve(CaseSpec.CONFIG), "[features]\ninstanceIdNodeName = true\n");
    Files.copy(Path.of("src/main/resources/dev/eksnode/cli/demo/instance.json"), dir.resolve(CaseSpec.INSTANCE));
    return dir;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void bootstrapAndTheCaseRunnerLeaveTheSameTree() throws IOException {
    Path dir = writeCase();
    BaseRoots roots = BaseRoots.shipped();
    CaseSpec spec = CaseSpec.read(dir, roots);
    Plugin core = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get)
        .filter(plugin -> plugin.id().equals("core")).findFirst().orElseThrow();

    Tree throughKit = new CaseRunner(new PluginUnderTest(core, LoadedPlugin.BUILT_IN), spec, roots)
        .run(spec.start(roots), CaseRunner.Watch.plain()).tree();
    Tree throughCli = bootstrap(spec, roots);

    assertEquals(listing(throughKit), listing(throughCli));
    assertEquals(throughKit, throughCli, "same paths and modes, different content");
    String written = throughCli.files().entrySet().stream().filter(e -> e.getKey().startsWith("etc/"))
        .map(e -> "== " + e.getKey() + "\n" + e.getValue().text()).collect(Collectors.joining("\n"));
    assertTrue(written.contains("\"podPidsLimit\": 16384"), "the preset is read:\n" + written);
    assertTrue(written.contains("\"maxPods\": 42"), "user data is read:\n" + written);
    assertTrue(written.contains("team=blue"), "user data's flags are read:\n" + written);
    assertTrue(written.contains("--hostname-override=i-0a1b2c3d4e5f6a7b8"), "config.toml is read:\n" + written);
  }

  /** {@code eksnode bootstrap --root R --config config.toml} over the case's start, with its emulators. */
  private Tree bootstrap(CaseSpec spec, BaseRoots roots) throws IOException {
    Path root = temp.resolve("cli-root");
    spec.start(roots).materialize(root);
    ObjectNode instance = (ObjectNode) new ObjectMapper().readTree(spec.instanceJson(roots));
    instance.put(MetadataEmulator.USER_DATA_BASE64,
        Base64.getEncoder().encodeToString(Files.readAllBytes(spec.file(CaseSpec.USER_DATA).orElseThrow())));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (MetadataEmulator metadata = MetadataEmulator.start(instance.toString());
        Ec2Emulator ec2 = Ec2Emulator.start(spec.ec2Json())) {
      Map<String, String> environment = new HashMap<>(metadata.environment());
      environment.putAll(ec2.environment());
      environment.put("AWS_ENDPOINT_URL_EKS", metadata.endpoint().toString());
      int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
          environment).run("bootstrap", "--root", root.toString(), "--plugins-dir", Files.createDirectories(temp.resolve("no-jars")).toString(),
          "--config", spec.file(CaseSpec.CONFIG).orElseThrow().toString());
      assertEquals(0, code, () -> out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("profile 'batch' from " + root.resolve("etc/eksnode/profiles/batch.toml")),
        out.toString(StandardCharsets.UTF_8));
    return Tree.capture(root, CaseRunner::isReport);
  }

  private static String listing(Tree tree) {
    return tree.entries().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining("\n"));
  }
}
