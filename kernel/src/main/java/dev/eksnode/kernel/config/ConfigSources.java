package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and merges the configuration files of a node, lowest precedence first: the image
 * configuration ({@code /etc/eksnode/eksnode.toml}, then {@code /etc/eksnode/config.d/*.toml} in name
 * order, under the root), then any files named on the command line.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigSources {

  /** The image configuration, baked at image build. */
  public static final String IMAGE_CONFIG = "/etc/eksnode/eksnode.toml";

  /** Drop-ins of the image configuration, read in name order after {@link #IMAGE_CONFIG}. */
  public static final String IMAGE_CONFIG_DIRECTORY = "/etc/eksnode/config.d";

  /**
   * Node-local drop-ins, read last (after user data), in name order: what a boot script or an
   * operator puts on one node to override everything else.
   */
  public static final String LOCAL_DIRECTORY = "/etc/eksnode/local.d";

  private ConfigSources() {}

  /** The image configuration files present under {@code root}, in the order they are read. */
  public static List<Path> imageFiles(Path root) {
    List<Path> files = new ArrayList<>();
    Path main = under(root, IMAGE_CONFIG);
    if (Files.isRegularFile(main)) {
      files.add(main);
    }
    Path directory = under(root, IMAGE_CONFIG_DIRECTORY);
    if (Files.isDirectory(directory)) {
      files.addAll(tomlFiles(directory));
    }
    return files;
  }

  /** The {@code *.toml} files of a directory, in name order. */
  public static List<Path> tomlFiles(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".toml") && !Files.isDirectory(p)).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(directory.toString()), "", "cannot list: " + e.getMessage(), "")));
    }
  }

  private static Path under(Path root, String path) {
    return root.resolve(path.substring(1));
  }

  /**
   * Parses and merges files in order (TOML, or YAML/JSON/MIME when a plugin format is not needed:
   * without formats only TOML yields documents). Kept for callers that have no plugins at hand.
   *
   * @throws ConfigException with the problems of every file, not just the first bad one
   */
  public static Table load(List<Path> files, Set<String> appendKeys) {
    ConfigLoader loader = new ConfigLoader(
        List.of(), List.of(), appendKeys, Table.empty(ConfigLocation.of("built-in defaults")), ConfigPolicy.DEFAULT, java.util.Map.of());
    return loader.load(files.stream().<ConfigSource>map(file -> new ConfigSource.Files(file, false)).toList()).orThrow().merged();
  }

  /** Reads a file as strict UTF-8, naming the file in any error. */
  public static String readUtf8(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "", "is not valid UTF-8", "")));
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "", "cannot read: " + e, "")));
    }
  }
}
