package dev.eksnode.kernel.config;

import dev.eksnode.kernel.internal.config.Payloads;
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
 * configuration ({@code /etc/eksnode/eksnode.toml}, then {@code /etc/eksnode/config.d} in name
 * order, under the root), then any files named on the command line. Pins ({@link #imageFiles}) are
 * read from the image configuration's TOML files only.
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

  /**
   * AL2023's drop-in directory for nodeadm {@code NodeConfig} files, read after user data and before
   * {@link #LOCAL_DIRECTORY}, as nodeadm reads it after user data.
   */
  public static final String NODEADM_DIRECTORY = "/etc/eks/nodeadm.d";

  /** The names a directory source reads (case-insensitive), every format eksnode understands. */
  public static final List<String> DIRECTORY_EXTENSIONS = List.of(".toml", ".yaml", ".yml", ".json");

  /**
   * What a directory source holds.
   *
   * @param read the files with a configuration name ({@link #DIRECTORY_EXTENSIONS}), in name order
   *     (by UTF-16 code unit, whatever the format): the order they are merged in
   * @param ignored the other files, in name order; subdirectories are not listed
   */
  public record DirectoryFiles(List<Path> read, List<Path> ignored) {
    public DirectoryFiles {
      read = List.copyOf(read);
      ignored = List.copyOf(ignored);
    }
  }

  private ConfigSources() {}

  /**
   * The configuration files of a directory in the order they are read, and the files it ignores.
   *
   * @throws ConfigException naming the directory when it cannot be listed
   */
  public static DirectoryFiles configFiles(Path directory) {
    List<Path> read = new ArrayList<>();
    List<Path> ignored = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path file : entries.filter(p -> !Files.isDirectory(p)).sorted().toList()) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        (DIRECTORY_EXTENSIONS.stream().anyMatch(name::endsWith) ? read : ignored).add(file);
      }
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(directory.toString()), "", "cannot list: " + e.getMessage(), "")));
    }
    return new DirectoryFiles(read, ignored);
  }

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

  /** The {@code *.toml} files of a directory, in name order: where the image configuration's pins may be. */
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

  /**
   * The bytes of a configuration file, at most {@link Payloads#MAX_RAW_BYTES}. Only a regular file is
   * opened (a symbolic link to one is followed): a FIFO or a device would block or never end.
   *
   * @throws ConfigException naming the file when it is no regular file, too large or unreadable
   */
  public static byte[] readBounded(Path file) {
    return readBounded(file, java.util.Optional.empty());
  }

  /**
   * {@link #readBounded(Path)}, refusing also a file whose symbolic links lead out of {@code root}, the
   * directory standing in for {@code /}, when there is one.
   */
  public static byte[] readBounded(Path file, java.util.Optional<Path> root) {
    try {
      java.nio.file.attribute.BasicFileAttributes attributes =
          Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "",
            "is not a regular file (" + kind(attributes) + "); eksnode reads configuration only from regular files", "")));
      }
      if (root.isPresent() && !file.toRealPath().startsWith(root.get().toRealPath())) {
        throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "",
            "leads through a symbolic link to " + file.toRealPath() + ", outside the root " + root.get(), "")));
      }
      Payloads.checkRawSize(file.toString(), attributes.size());
      byte[] bytes;
      try (java.io.InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(Payloads.MAX_RAW_BYTES + 1);
      }
      Payloads.checkRawSize(file.toString(), bytes.length);
      return bytes;
    } catch (IOException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "", "cannot read: " + e.getMessage(), "")));
    }
  }

  private static String kind(java.nio.file.attribute.BasicFileAttributes attributes) {
    return attributes.isDirectory() ? "a directory" : attributes.isOther() ? "a FIFO, socket or device" : "not a plain file";
  }

  /** Reads a file as strict UTF-8, naming the file in any error. */
  public static String readUtf8(Path file) {
    try {
      byte[] bytes = readBounded(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          List.of(new ConfigProblem(ConfigLocation.of(file.toString()), "", "is not valid UTF-8", "")));
    }
  }
}
