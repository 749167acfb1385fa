package dev.eksnode.kernel.config;

import dev.eksnode.kernel.internal.config.Payloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSourceProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path root;

  /** Serves fixed bytes for fake://data, as the core plugin serves imds://user-data. */
  private static final class FakeProvider implements ConfigSourceProvider {
    private final String content;

    FakeProvider(String content) {
      this.content = content;
    }

    @Override
    public String scheme() {
      return "fake";
    }

    @Override
    public String sourceName(URI uri) {
      return "fake-data";
    }

    @Override
    public Optional<byte[]> fetch(URI uri, Map<String, String> environment) {
      return content == null ? Optional.empty() : Optional.of(content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<URI> defaultSource(boolean liveRoot, Map<String, String> environment) {
      return environment.containsKey("FAKE") ? Optional.of(URI.create("fake://data")) : Optional.empty();
    }
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static ConfigLoader loader(String provided, Map<String, String> environment) {
    var defaults = ConfigSchema.defaults(List.of(new ConfigSchema.PluginKeys("core", Set.of("cluster"), List.of(
        new ConfigKey("cluster.mode", ConfigKey.Type.STRING, Optional.of("a"), List.of(), "\"b\"", "d")), true)));
    return new ConfigLoader(List.of(), List.of(new FakeProvider(provided)), Set.of(), defaults, ConfigPolicy.DEFAULT, environment);
  }

  @Test
  void readsImageThenProvidedThenLocalDropIns() throws IOException {
    write("/etc/eksnode/eksnode.toml", "[cluster]\nname = \"image\"\nid = \"image\"\nregion = \"image\"\n");
    write("/etc/eksnode/config.d/10-a.toml", "[cluster]\nid = \"config.d\"\n");
    write("/etc/eksnode/local.d/50-local.toml", "[cluster]\nregion = \"local\"\n");
    ConfigLoader loader = loader("[cluster]\nid = \"provided\"\nregion = \"provided\"\n", Map.of("FAKE", "1"));
    var loaded = loader.load(loader.defaultSources(root, false, true)).orThrow();
    var entries = ConfigExplain.entries(loaded.merged());
    assertEquals(List.of(
            "cluster.mode = \"a\"  # built-in defaults",
            "cluster.name = \"image\"  # " + root.resolve("etc/eksnode/eksnode.toml") + ", line 2, column 1",
            "cluster.id = \"provided\"  # fake-data, line 2, column 1",
            "cluster.region = \"local\"  # " + root.resolve("etc/eksnode/local.d/50-local.toml") + ", line 2, column 1"),
        ConfigExplain.text(entries).stream().map(line -> line.replaceAll(" +#", "  #")).toList());
  }

  @Test
  void leavesProvidersOutOfflineAndWhenTheyOfferNothing() {
    ConfigLoader loader = loader("x", Map.of("FAKE", "1"));
    assertTrue(loader.defaultSources(root, false, false).stream().noneMatch(s -> s instanceof ConfigSource.Provided));
    assertTrue(loader(null, Map.of()).defaultSources(root, true, true).stream().noneMatch(s -> s instanceof ConfigSource.Provided));
    assertEquals(List.of(), loader(null, Map.of()).load(List.of(new ConfigSource.Provided(URI.create("fake://data")))).documents());
  }

  @Test
  void reportsMissingNamedFilesAndUnknownSchemes() {
    var loaded = loader(null, Map.of()).load(List.of(
        new ConfigSource.Files(root.resolve("missing.toml"), false),
        ConfigSource.parse("s3://bucket/key")));
    assertEquals(List.of(
            root.resolve("missing.toml") + ": no such file",
            "s3://bucket/key: no installed plugin reads configuration sources with the scheme 's3' (known schemes: fake, file)"),
        loaded.problems().stream().map(Object::toString).toList());
  }

  @Test
  void collectsProblemsOfEverySource() throws IOException {
    write("/a.toml", "[cluster\n");
    write("/b.toml", "x = \n");
    var loaded = loader(null, Map.of()).load(List.of(
        new ConfigSource.Files(root.resolve("a.toml"), false), new ConfigSource.Files(root.resolve("b.toml"), false)));
    assertEquals(2, loaded.problems().size());
  }

  @Test
  void parsesConfigSourceUris() {
    assertEquals(new ConfigSource.Files(Path.of("/etc/x.toml"), false), ConfigSource.parse("file:///etc/x.toml"));
    assertEquals(new ConfigSource.Files(Path.of("rel/x.toml"), false), ConfigSource.parse("rel/x.toml"));
    assertEquals(new ConfigSource.Provided(URI.create("imds://user-data")), ConfigSource.parse("imds://user-data"));
  }

  @Test
  void refusesAFifoInADropInDirectoryInsteadOfWaitingForAWriter() throws Exception {
    write("/etc/eksnode/config.d/10-a.toml", "[cluster]\nmode = \"b\"\n");
    Path fifo = root.resolve("etc/eksnode/config.d/20-fifo.toml");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());

    var loaded = loader(null, Map.of()).load(List.of(new ConfigSource.Files(root.resolve("etc/eksnode/config.d"), true)));

    assertEquals(List.of(fifo + ": is not a regular file (a FIFO, socket or device); eksnode reads configuration only from"
        + " regular files"), loaded.problems().stream().map(Object::toString).toList());
  }

  @Test
  void refusesADocumentLargerThanItParsesAfterDecompression() throws IOException {
    byte[] toml = ("# " + "x".repeat(Payloads.MAX_DOCUMENT_BYTES) + "\n").getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gzip)) {
      out.write(toml);
    }

    var loaded = loader(null, Map.of()).load(List.of(new ConfigSource.Bytes("user-data", gzip.toByteArray())));

    assertEquals(List.of("user-data: is a configuration document of " + toml.length + " bytes, more than the 131072 bytes"
        + " (128 KiB) eksnode parses in one document"), loaded.problems().stream().map(Object::toString).toList());
  }

  @Test
  void refusesANodeDropInThatLeadsOutOfTheRoot(@TempDir Path outside) throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.toml"), "[cluster]\nmode = \"from outside\"\n");
    Files.createDirectories(root.resolve("etc/eksnode/local.d"));
    Files.createSymbolicLink(root.resolve("etc/eksnode/local.d/10-x.toml"), secret);
    ConfigLoader loader = loader(null, Map.of());

    var loaded = loader.load(loader.defaultSources(root, false, false));

    assertEquals(List.of(root.resolve("etc/eksnode/local.d/10-x.toml") + ": leads through a symbolic link to " + secret.toRealPath()
        + ", outside the root " + root), loaded.problems().stream().map(Object::toString).toList());
  }
}
