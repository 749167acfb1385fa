package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.config.ConfigDocument;
import dev.eksnode.kernel.config.ConfigPolicy;
import dev.eksnode.kernel.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory source reads every format eksnode understands (TOML, and nodeadm NodeConfig in YAML or
 * JSON), merged in name order whatever the format, as nodeadm reads {@code /etc/eks/nodeadm.d/}; other
 * files are ignored with a warning naming each.
 */
class DirectorySourceTest {

  @TempDir Path directory;

  private void write(String name, String text) throws IOException {
    Files.writeString(directory.resolve(name), text);
  }

  @Test
  void readsTomlYamlAndJsonInNameOrderAndWarnsAboutTheRest() throws IOException {
    write("10-cluster.yaml", """
        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig
        spec:
        %s  kubelet:
            flags: [--v=2]
        """.formatted(Configs.CLUSTER_YAML));
    write("20-name.toml", "[cluster]\nname = \"from-toml\"\n");
    write("30-NAME.JSON", """
        {"apiVersion": "node.eks.aws/v1alpha1", "kind": "NodeConfig", "spec": {"cluster": {"name": "from-json"}}}
        """);
    write("README.md", "notes\n");
    write("40-old.yaml.bak", "spec: {}\n");
    Files.createDirectories(directory.resolve("50-subdirectory.toml"));

    Configs.Result result = Configs.read(List.of(new ConfigSource.Files(directory, false)), ConfigPolicy.DEFAULT, Configs.plugins());

    assertEquals(List.of("10-cluster.yaml", "20-name.toml", "30-NAME.JSON"),
        result.loaded().documents().stream().map(ConfigDocument::source).map(s -> Path.of(s).getFileName().toString()).toList());
    assertEquals("from-json", result.settings().cluster().name().orElseThrow(), "the last file in name order wins");
    assertEquals(List.of("--v=2"), result.settings().kubelet().flags());
    String suggestion = " (rename it to be read, or move it out of " + directory + ")";
    String reads = ": ignored: a configuration directory reads only *.toml, *.yaml, *.yml, *.json files";
    assertEquals(List.of(
            "warning: " + directory.resolve("40-old.yaml.bak") + reads + suggestion,
            "warning: " + directory.resolve("README.md") + reads + suggestion),
        result.messages());
  }
}
