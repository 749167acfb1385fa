package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSourceProvider;
import dev.eksnode.spi.EksnodeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads configuration sources in order of precedence, lowest first, and merges them over the
 * built-in defaults. Problems of every source are collected and reported together. One load at a
 * time: a loader is not thread-safe.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigLoader {

  private static final Logger LOGGER = LoggerFactory.getLogger(ConfigLoader.class);

  /**
   * The configuration, merged, with what it was made of.
   *
   * @param merged the merged tree of every document that could be read; every value keeps the
   *     location of the document that set it
   * @param documents every document read, lowest precedence first
   * @param sources the sources, as listed
   * @param problems errors and warnings, in the order of {@code sourceOrder}, then line and column
   * @param sourceOrder the names of the sources and user-data parts as they were read, lowest precedence first
   */
  public record Loaded(
      Table merged, List<ConfigDocument> documents, List<ConfigSource> sources, List<ConfigProblem> problems, List<String> sourceOrder) {
    public Loaded {
      documents = List.copyOf(documents);
      sources = List.copyOf(sources);
      sourceOrder = List.copyOf(sourceOrder);
      problems = inOrder(problems, sourceOrder);
    }

    /**
     * Problems (these and others, such as the binder's) ordered as users read them: by source in the
     * order sources were read, then by line and column. Problems of unknown sources keep their order
     * at the end.
     */
    public List<ConfigProblem> inSourceOrder(List<ConfigProblem> others) {
      return inOrder(others, sourceOrder);
    }

    private static List<ConfigProblem> inOrder(List<ConfigProblem> problems, List<String> order) {
      Map<String, Integer> rank = new java.util.HashMap<>();
      for (String name : order) {
        rank.putIfAbsent(name, rank.size());
      }
      return problems.stream()
          .sorted(java.util.Comparator.<ConfigProblem>comparingInt(p -> rank.getOrDefault(p.location().source(), Integer.MAX_VALUE))
              .thenComparingInt(p -> rank.containsKey(p.location().source()) ? p.location().line() : 0)
              .thenComparingInt(p -> rank.containsKey(p.location().source()) ? p.location().column() : 0))
          .toList();
    }

    public List<ConfigProblem> warnings() {
      return problems.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
      return problems.stream().anyMatch(ConfigProblem::isError);
    }

    /**
     * This, when it has no errors.
     *
     * @throws ConfigException with every problem when there is an error
     */
    public Loaded orThrow() {
      if (hasErrors()) {
        throw new ConfigException(problems);
      }
      return this;
    }
  }

  private final ConfigReader reader;
  private final Map<String, ConfigSourceProvider> providers;
  private final ConfigMerge merge;
  private final Table defaults;
  private final Map<String, String> environment;

  /**
   * @param formats the formats plugins provide
   * @param providers the source providers plugins provide; two for one scheme is an error
   * @param appendKeys keys whose lists concatenate when documents merge
   * @param defaults the built-in defaults, merged below every source
   * @param environment the process environment, for providers
   */
  public ConfigLoader(
      List<ConfigFormat> formats, List<ConfigSourceProvider> providers, Set<String> appendKeys, Table defaults,
      ConfigPolicy policy, Map<String, String> environment) {
    this.reader = new ConfigReader(formats, policy);
    this.providers = new TreeMap<>();
    for (ConfigSourceProvider provider : providers) {
      String scheme = provider.scheme().toLowerCase(Locale.ROOT);
      if (this.providers.putIfAbsent(scheme, provider) != null) {
        throw new EksnodeException("two plugins read configuration sources with the scheme '" + scheme + "'");
      }
    }
    this.merge = new ConfigMerge(appendKeys);
    this.defaults = defaults;
    this.environment = Map.copyOf(environment);
  }

  /**
   * The sources read when none is named: the image configuration, then what providers add (user
   * data, on a live node or when the environment points at an endpoint), then the node-local drop-ins.
   *
   * @param liveRoot whether {@code root} is {@code /}
   * @param withProviders false for offline checks ({@code validate}), which never contact a service
   */
  public List<ConfigSource> defaultSources(Path root, boolean liveRoot, boolean withProviders) {
    List<ConfigSource> sources = new ArrayList<>();
    sources.add(new ConfigSource.Files(under(root, ConfigSources.IMAGE_CONFIG), true));
    sources.add(new ConfigSource.Files(under(root, ConfigSources.IMAGE_CONFIG_DIRECTORY), true));
    if (withProviders) {
      for (ConfigSourceProvider provider : providers.values()) {
        provider.defaultSource(liveRoot, environment).ifPresent(uri -> sources.add(new ConfigSource.Provided(uri)));
      }
    }
    sources.add(new ConfigSource.Files(under(root, ConfigSources.LOCAL_DIRECTORY), true));
    return sources;
  }

  private static Path under(Path root, String path) {
    return root.resolve(path.substring(1));
  }

  /**
   * Reads and merges the sources. Never throws for bad input: problems are in the result, and what
   * could be read is merged, so the binder can still find the semantic problems of the rest and
   * everything is reported together (see {@link Loaded#orThrow()}).
   */
  public Loaded load(List<ConfigSource> sources) {
    reader.clearVisited();
    List<ConfigProblem> problems = new ArrayList<>();
    List<ConfigDocument> documents = new ArrayList<>();
    for (ConfigSource source : sources) {
      documents.addAll(read(source, problems));
    }
    Table merged = merge.merge(documents.stream().map(ConfigDocument::tree).toList(), defaults);
    LOGGER.debug("configuration: {} documents from {}", documents.size(), sources.stream().map(ConfigSource::display).toList());
    List<String> order = new ArrayList<>();
    order.add(ConfigSchema.DEFAULTS_SOURCE);
    order.addAll(reader.visited());
    return new Loaded(merged, documents, sources, problems, order);
  }

  private List<ConfigDocument> read(ConfigSource source, List<ConfigProblem> problems) {
    return switch (source) {
      case ConfigSource.Bytes bytes -> reader.read(bytes.name(), bytes.data(), ConfigReader.Hint.SNIFF, problems);
      case ConfigSource.Files files -> readFiles(files, problems);
      case ConfigSource.Provided provided -> readProvided(provided.uri(), problems);
    };
  }

  private List<ConfigDocument> readFiles(ConfigSource.Files files, List<ConfigProblem> problems) {
    Path path = files.path();
    if (Files.isDirectory(path)) {
      List<ConfigDocument> documents = new ArrayList<>();
      try {
        for (Path file : ConfigSources.tomlFiles(path)) {
          documents.addAll(readFile(file, problems));
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      return documents;
    }
    if (!Files.exists(path)) {
      if (!files.optional()) {
        reader.visit(path.toString());
        problems.add(new ConfigProblem(ConfigLocation.of(path.toString()), "", "no such file", ""));
      }
      return List.of();
    }
    return readFile(path, problems);
  }

  private List<ConfigDocument> readFile(Path file, List<ConfigProblem> problems) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      Payloads.checkRawSize(file.toString(), size);
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(Payloads.MAX_RAW_BYTES + 1);
      }
      Payloads.checkRawSize(file.toString(), bytes.length);
    } catch (ConfigException e) {
      reader.visit(file.toString());
      problems.addAll(e.problems());
      return List.of();
    } catch (IOException e) {
      reader.visit(file.toString());
      problems.add(new ConfigProblem(ConfigLocation.of(file.toString()), "", "cannot read: " + e.getMessage(), ""));
      return List.of();
    }
    return reader.read(file.toString(), bytes, ConfigReader.Hint.forFileName(file.getFileName().toString()), problems);
  }

  private List<ConfigDocument> readProvided(URI uri, List<ConfigProblem> problems) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    ConfigSourceProvider provider = providers.get(scheme);
    if (provider == null) {
      reader.visit(uri.toString());
      List<String> known = new ArrayList<>(providers.keySet());
      known.add("file");
      problems.add(new ConfigProblem(ConfigLocation.of(uri.toString()), "",
          "no installed plugin reads configuration sources with the scheme '" + scheme + "'",
          "known schemes: " + String.join(", ", known)));
      return List.of();
    }
    String name = provider.sourceName(uri);
    reader.visit(name);
    Optional<byte[]> bytes;
    try {
      bytes = provider.fetch(uri, environment);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return List.of();
    }
    // Any other EksnodeException is a source that did not answer: it propagates, as a failure of the
    // environment (exit 1), not of the input.
    if (bytes.isEmpty()) {
      LOGGER.info("{}: nothing there", name);
      return List.of();
    }
    return reader.read(name, bytes.get(), ConfigReader.Hint.SNIFF, problems);
  }

  /** Reads all of standard input (or any stream), bounded like any source. */
  public static byte[] readBounded(String name, InputStream in) {
    try {
      byte[] bytes = in.readNBytes(Payloads.MAX_RAW_BYTES + 1);
      Payloads.checkRawSize(name, bytes.length);
      return bytes;
    } catch (IOException e) {
      throw new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(name), "", "cannot read: " + e.getMessage(), "")));
    }
  }
}
