package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate, plan --explain and config schema as users run them. */
class ConfigCommandsTest {

  static final Path GOOD = Path.of("src", "test", "resources", "config-corpus", "good");

  /** What the core plugin's checks need besides a name: {@code twin.toml}'s endpoint and CA lines, for a {@code [cluster]} table. */
  static final String ENDPOINT_AND_CA = endpointAndCa();

  /** The line {@code validate} prints after "valid: ..." for the boot phase with the core plugin. */
  static final String NEED_MACHINE =
      "not checked offline (these checks need the machine and run first at boot): core/containerd-version, core/instance-data, core/cluster, core/kubelet-version\n";

  @TempDir Path root;

  private static String endpointAndCa() {
    try {
      return Files.readString(GOOD.resolve("twin.toml")).lines()
          .filter(line -> line.startsWith("apiServerEndpoint") || line.startsWith("certificateAuthority"))
          .map(line -> line + "\n").reduce("", String::concat);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void validatesKarpenterUserDataWithAWarningOnly() {
    CliRun run = CliRun.run("validate", GOOD.resolve("karpenter.mime").toString());
    assertEquals(0, run.code(), run.err());
    assertEquals("warning: " + GOOD.resolve("karpenter.mime") + " part 1 (application/node.eks.aws), line 9, column 5: "
        + "spec.cluster.clusterEndpoint: unknown key, ignored (known keys: apiServerEndpoint, certificateAuthority, cidr, "
        + "enableOutpost, id, name)\n", run.err());
    assertEquals("valid: 1 document; enabled plugins: core, outposts\n" + NEED_MACHINE, run.out());
  }

  @Test
  void strictMakesNodeConfigUnknownKeysErrors() {
    CliRun run = CliRun.run("validate", "--strict", GOOD.resolve("karpenter.mime").toString());
    assertEquals(2, run.code());
    assertTrue(run.err().startsWith("eksnode: 1 configuration problem:\n"), run.err());
  }

  @Test
  void lenientMakesEksnodeUnknownKeysWarnings() throws IOException {
    write("/x.toml", "[cluster]\nnmae = \"a\"\nname = \"a\"\n" + ENDPOINT_AND_CA);
    CliRun run = CliRun.run("validate", "--lenient", root.resolve("x.toml").toString());
    assertEquals(0, run.code(), run.err());
    assertEquals("warning: " + root.resolve("x.toml") + ", line 2, column 1: cluster.nmae: unknown key (did you mean 'name'?)\n", run.err());
    assertEquals(2, CliRun.run("validate", "--lenient", "--strict", root.resolve("x.toml").toString()).code());
  }

  @Test
  void validatesStandardInput() throws IOException {
    byte[] mime = Files.readAllBytes(GOOD.resolve("twin.mime"));
    CliRun run = CliRun.run(Map.of(), mime, "validate", "-");
    assertEquals(0, run.code(), run.err());
    CliRun bad = CliRun.run(Map.of(), "[cluster]\nserviceCidr = \"10.0.0.0/40\"\n".getBytes(StandardCharsets.UTF_8), "validate", "-");
    assertEquals("eksnode: 1 configuration problem:\n  stdin, line 2, column 1: cluster.serviceCidr: \"10.0.0.0/40\" is not a CIDR "
        + "(e.g. 10.100.0.0/16 or fd12:3456:789a::/108)\n", bad.err());
    assertEquals(2, bad.code());
  }

  @Test
  void validateWithoutFilesChecksTheImageConfigurationAndNeverInstanceMetadata() throws IOException {
    write("/etc/eksnode/eksnode.toml", "[cluster]\nname = \"image\"\n");
    write("/etc/eksnode/local.d/10-x.toml", "[cluster]\nid = \"x\"\n");
    CliRun run = CliRun.run(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"), new byte[0], "validate", "--root", root.toString());
    assertEquals(0, run.code(), run.err());
    assertEquals("valid: 2 documents; enabled plugins: core, outposts\nnot checked offline (user data is not read offline;"
        + " name the files to check them as a whole): core/check-cluster, core/containerd-version, core/instance-data, core/cluster, core/kubelet-version\n",
        run.out());
    CliRun refused = CliRun.run("validate", "--config-source", "imds://user-data");
    assertEquals(2, refused.code());
    assertEquals("eksnode: validate checks offline and does not read imds://user-data; name files instead\n"
        + "Run 'eksnode validate --help' for usage.\n", refused.err());
  }

  @Test
  void planExplainAttributesEveryValueImageThenUserDataThenDropIn() throws Exception {
    write("/etc/eksnode/eksnode.toml",
        "[cluster]\nname = \"image\"\nserviceCidr = \"10.100.0.0/16\"\nid = \"from-image\"\n" + ENDPOINT_AND_CA);
    write("/etc/eksnode/local.d/50-node.toml", "[cluster]\nname = \"local\"\n");
    String userData = """
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
          cluster:
            name: user-data
            id: from-user-data
          kubelet:
            flags: [--v=2]
        """;
    try (MetadataEmulator imds = MetadataEmulator.start(new ObjectMapper().writeValueAsString(Map.of("user-data", userData)))) {
      CliRun run = CliRun.run(imds.environment(), new byte[0], "plan", "--explain", "--root", root.toString());
      // The metadata has no instance: the plan fails at the join (exit 1). What this test checks is the
      // attribution printed before the steps.
      assertEquals(1, run.code(), run.err());
      Path image = root.resolve("etc/eksnode/eksnode.toml");
      Path local = root.resolve("etc/eksnode/local.d/50-node.toml");
      List<String> lines = run.out().lines().map(line -> line.replaceAll(" {2,}# ", "  # ")).toList();
      assertEquals("configuration (lowest precedence first: " + image + ", " + root.resolve("etc/eksnode/config.d")
          + ", imds://user-data, " + root.resolve("etc/eks/nodeadm.d") + ", " + root.resolve("etc/eksnode/local.d") + "):",
          lines.getFirst());
      assertTrue(lines.contains("  cluster.name = \"local\"  # " + local + ", line 2, column 1"), run.out());
      assertTrue(lines.contains("  cluster.id = \"from-user-data\"  # user-data, line 6, column 5 (spec.cluster.id)"), run.out());
      assertTrue(lines.contains("  cluster.serviceCidr = \"10.100.0.0/16\"  # " + image + ", line 3, column 1"), run.out());
      assertTrue(lines.contains("  kubelet.flags = [\"--v=2\"]  # user-data, line 8, column 5 (spec.kubelet.flags)"), run.out());
      assertTrue(lines.contains("  kubelet.configMode = \"merge\"  # built-in defaults"), run.out());
    }
  }

  @Test
  void planExplainAsJson() throws IOException {
    write("/etc/eksnode/eksnode.toml", "[cluster]\nname = \"image\"\n" + ENDPOINT_AND_CA);
    CliRun run = CliRun.run("plan", "--explain", "--output", "json", "--root", root.toString());
    // No instance metadata: the plan fails at the join (exit 1); the JSON still holds the attributed
    // configuration and the failed plan.
    assertEquals(1, run.code(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    JsonNode name = null;
    for (JsonNode entry : json.get("configuration")) {
      if (entry.get("key").asText().equals("cluster.name")) {
        name = entry;
      }
    }
    assertEquals("image", name.get("value").asText());
    assertEquals(root.resolve("etc/eksnode/eksnode.toml").toString(), name.get("source").asText());
    assertEquals(2, name.get("line").asInt());
    assertEquals("boot", json.get("plan").get("phase").asText());
    assertEquals("failed", json.get("plan").get("result").asText());
  }

  @Test
  void explainBelongsToPlan() {
    CliRun run = CliRun.run("bootstrap", "--explain", "--root", root.toString());
    assertEquals(2, run.code());
    assertEquals("eksnode: unknown option --explain\nRun 'eksnode bootstrap --help' for usage.\n", run.err());
  }

  @Test
  void publishesTheJsonSchema() throws IOException {
    CliRun run = CliRun.run("config", "schema");
    assertEquals(0, run.code(), run.err());
    JsonNode schema = new ObjectMapper().readTree(run.out());
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
    JsonNode cidr = schema.at("/properties/cluster/properties/serviceCidr");
    assertEquals("string", cidr.get("type").asText());
    assertEquals("10.100.0.0/16", cidr.get("examples").get(0).asText());
    assertEquals("merge", schema.at("/properties/kubelet/properties/configMode/default").asText());
  }

  @Test
  void theDocumentedKeyTableIsTheGeneratedOne() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
    String begin = "<!-- BEGIN GENERATED KEYS: eksnode config schema --format markdown -->\n";
    String end = "<!-- END GENERATED KEYS -->";
    assertTrue(docs.contains(begin) && docs.contains(end), "docs/configuration.md lacks the generated-keys markers");
    String table = docs.substring(docs.indexOf(begin) + begin.length(), docs.indexOf(end));
    CliRun run = CliRun.run("config", "schema", "--format", "markdown");
    assertEquals(run.out(), table, "docs/configuration.md is out of date: paste the output of 'eksnode config schema --format markdown'");
  }

  @Test
  void everyPluginPageDescribesEveryKeyItsPluginDeclares() throws IOException {
    CliRun run = CliRun.run("config", "schema", "--format", "markdown");
    Matcher row = Pattern.compile("(?m)^\\| `plugins\\.([a-z0-9-]+)\\.([A-Za-z0-9.]+)` \\|").matcher(run.out());
    List<String> missing = new ArrayList<>();
    int checked = 0;
    while (row.find()) {
      Path page = Path.of("..", "docs", "plugins", row.group(1) + ".md");
      if (Files.exists(page)) {
        String name = row.group(2).substring(row.group(2).lastIndexOf('.') + 1);
        checked++;
        if (!Files.readString(page).contains("| `" + name + "` |")) {
          missing.add(page + " has no row for `" + name + "` (plugins." + row.group(1) + "." + row.group(2) + ")");
        }
      }
    }
    assertTrue(checked >= 20, "only " + checked + " plugin keys found in the schema:\n" + run.out());
    assertEquals(List.of(), missing);
  }

  @Test
  void namesAnUnknownConfigSourceScheme() {
    CliRun run = CliRun.run("plan", "--config-source", "s3://bucket/eksnode.toml", "--root", root.toString());
    assertEquals(2, run.code());
    assertEquals("eksnode: 1 configuration problem:\n  s3://bucket/eksnode.toml: no installed plugin reads configuration sources "
        + "with the scheme 's3' (known schemes: imds, file)\n", run.err());
  }
}
