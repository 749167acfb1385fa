package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigFormat;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the bytes of one source into eksnode documents: undoes base64 and gzip, splits MIME
 * multipart user data, parses TOML, YAML or JSON, and hands YAML and JSON documents to the plugin
 * format that reads them (nodeadm's NodeConfig). Every problem is collected, none stops the others
 * from being found.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class ConfigReader {

  /** The media type of an eksnode TOML part in MIME user data. */
  public static final String TOML_MEDIA_TYPE = "application/x-eksnode+toml";

  /** Also accepted for eksnode TOML parts. */
  public static final String TOML_MEDIA_TYPE_ALIAS = "application/toml";

  /** The name of eksnode's own format in listings. */
  public static final String TOML_FORMAT = "eksnode TOML";

  private static final Logger LOGGER = LoggerFactory.getLogger(ConfigReader.class);
  private static final Pattern YAML_DOCUMENT = Pattern.compile("(?m)^(---[ \\t]*$|apiVersion[ \\t]*:|kind[ \\t]*:)");
  private static final List<String> CLOUD_INIT_HEADERS =
      List.of("#cloud-config", "#cloud-boothook", "#include", "#part-handler", "#upstart-job", "## template: jinja");

  /** What a source holds, when its name says so. */
  public enum Hint {
    TOML,
    YAML,
    JSON,
    /** Look at the content: MIME, a script, JSON, a YAML NodeConfig or TOML. */
    SNIFF;

    /** The hint a file name gives: {@code .toml}, {@code .yaml}/{@code .yml}, {@code .json}, else sniff. */
    public static Hint forFileName(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".toml")) {
        return TOML;
      }
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        return YAML;
      }
      if (lower.endsWith(".json")) {
        return JSON;
      }
      return SNIFF;
    }
  }

  private final List<ConfigFormat> formats;
  private final ConfigPolicy policy;
  private final List<String> visited = new ArrayList<>();

  public ConfigReader(List<ConfigFormat> formats, ConfigPolicy policy) {
    this.formats = List.copyOf(formats);
    this.policy = policy;
  }

  /**
   * Reads one source.
   *
   * @param name how messages name the source, e.g. a path or {@code user-data}
   * @param problems receives every error and warning
   * @return the documents found, in order; what could not be read is left out
   */
  public List<ConfigDocument> read(String name, byte[] raw, Hint hint, List<ConfigProblem> problems) {
    visited.add(name);
    List<ConfigDocument> documents = new ArrayList<>();
    try {
      Payloads.checkRawSize(name, raw.length);
      Payloads.Budget budget = Payloads.Budget.standard();
      byte[] data = Payloads.decode(name, raw, budget);
      if (hint == Hint.SNIFF && MimeMessage.looksLikeMime(data)) {
        readMime(name, data, budget, documents, problems);
      } else {
        readText(name, null, Payloads.utf8(name, data, budget), hint, documents, problems);
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    } catch (RuntimeException | StackOverflowError e) {
      // A parser bug must not become a stack trace on a booting node; the input is still refused.
      LOGGER.debug("{}: unexpected failure while reading", name, e);
      problems.add(new ConfigProblem(ConfigLocation.of(name), "", "cannot be read: " + e, ""));
    }
    return documents;
  }

  /**
   * The names of the sources and parts read so far, in order; problems are listed in this order. A
   * reader is used by one thread at a time.
   */
  List<String> visited() {
    return List.copyOf(visited);
  }

  /** Notes a source that failed before it could be read, so its problems sort in place. */
  void visit(String name) {
    visited.add(name);
  }

  void clearVisited() {
    visited.clear();
  }

  private void readMime(String name, byte[] data, Payloads.Budget budget, List<ConfigDocument> documents, List<ConfigProblem> problems) {
    List<MimeMessage.Part> parts;
    try {
      parts = MimeMessage.parse(data);
    } catch (MimeMessage.MimeException e) {
      problems.add(new ConfigProblem(new ConfigLocation(name, e.line(), 0), "", "MIME: " + e.getMessage(), ""));
      return;
    }
    for (MimeMessage.Part part : parts) {
      String partName = name + " part " + part.number() + " (" + part.mediaType() + ")";
      visited.add(partName);
      String type = part.mediaType();
      try {
        if (type.equals(TOML_MEDIA_TYPE) || type.equals(TOML_MEDIA_TYPE_ALIAS)) {
          String text = Payloads.utf8(partName, Payloads.decode(partName, part.body(), budget));
          readText(partName, null, text, Hint.TOML, documents, problems);
        } else if (formatFor(type) != null) {
          String text = Payloads.utf8(partName, Payloads.decode(partName, part.body(), budget));
          readText(partName, formatFor(type), text, text.stripLeading().startsWith("{") ? Hint.JSON : Hint.YAML, documents, problems);
        } else if (type.startsWith("text/")) {
          LOGGER.debug("{}: left to cloud-init", partName);
        } else {
          LOGGER.debug("{}: not a configuration type eksnode reads; ignored", partName);
        }
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
  }

  private ConfigFormat formatFor(String mediaType) {
    for (ConfigFormat format : formats) {
      for (String type : format.mediaTypes()) {
        if (type.toLowerCase(Locale.ROOT).equals(mediaType)) {
          return format;
        }
      }
    }
    return null;
  }

  private void readText(
      String name, ConfigFormat format, String text, Hint hint, List<ConfigDocument> documents, List<ConfigProblem> problems) {
    Hint kind = hint == Hint.SNIFF ? sniff(name, text) : hint;
    if (kind == null) {
      return;
    }
    switch (kind) {
      case TOML -> documents.add(new ConfigDocument(name, TOML_FORMAT, TomlDocuments.parse(name, text)));
      case YAML, JSON -> {
        JacksonDocuments.Parsed parsed = kind == Hint.YAML ? JacksonDocuments.yaml(name, text) : JacksonDocuments.json(name, text);
        for (Table document : parsed.documents()) {
          translate(name, format, document, parsed, documents, problems);
        }
      }
      case SNIFF -> throw new IllegalStateException("sniffing returned SNIFF");
    }
  }

  private Hint sniff(String name, String text) {
    String start = text.stripLeading();
    if (start.isEmpty()) {
      LOGGER.debug("{}: empty", name);
      return null;
    }
    if (start.startsWith("#!")) {
      LOGGER.debug("{}: a script; left to cloud-init", name);
      return null;
    }
    for (String header : CLOUD_INIT_HEADERS) {
      if (start.startsWith(header)) {
        LOGGER.debug("{}: cloud-init content ({}); left to cloud-init", name, header);
        return null;
      }
    }
    if (start.startsWith("{")) {
      return Hint.JSON;
    }
    if (YAML_DOCUMENT.matcher(text).find()) {
      return Hint.YAML;
    }
    return Hint.TOML;
  }

  private void translate(
      String name, ConfigFormat given, Table document, JacksonDocuments.Parsed parsed, List<ConfigDocument> documents,
      List<ConfigProblem> problems) {
    ConfigFormat format = given;
    if (format == null) {
      for (ConfigFormat candidate : formats) {
        if (candidate.recognizes(document)) {
          format = candidate;
          break;
        }
      }
    }
    if (format == null) {
      Set<String> names = new TreeSet<>();
      formats.forEach(f -> names.add(f.name()));
      problems.add(new ConfigProblem(document.location(), "",
          "not a configuration document eksnode reads: a YAML or JSON document must be "
              + (names.isEmpty() ? "in a format a plugin provides, and none is installed" : "one of: " + String.join(", ", names)),
          "eksnode's own configuration is TOML"));
      return;
    }
    TranslationContext context = new TranslationContext(parsed, problems);
    try {
      documents.add(new ConfigDocument(name, format.name(), format.translate(document, context)));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    } catch (RuntimeException e) {
      LOGGER.debug("format {} failed on {}", format.name(), name, e);
      problems.add(new ConfigProblem(document.location(), "", "the " + format.name() + " reader failed: " + e, ""));
    }
  }

  /** The kernel's side of one translation. */
  private final class TranslationContext implements ConfigFormat.Context {
    private final JacksonDocuments.Parsed parsed;
    private final List<ConfigProblem> problems;

    TranslationContext(JacksonDocuments.Parsed parsed, List<ConfigProblem> problems) {
      this.parsed = parsed;
      this.problems = problems;
    }

    @Override
    public void report(ConfigProblem problem) {
      problems.add(problem);
    }

    @Override
    public void unknownKey(ConfigNode node, String writtenKey, Collection<String> known) {
      String name = writtenKey.substring(writtenKey.lastIndexOf('.') + 1);
      String suggestion =
          Suggestions.closest(name, known).map(s -> "did you mean '" + s + "'?")
              .orElse(known.isEmpty() ? "" : "known keys: " + String.join(", ", new TreeSet<>(known)));
      ConfigLocation at = node.location().withKey(writtenKey);
      problems.add(policy.strict()
          ? new ConfigProblem(at, writtenKey, "unknown key", suggestion)
          : ConfigProblem.warning(at, writtenKey, "unknown key, ignored", suggestion));
    }

    @Override
    public Table parseToml(Leaf text, String writtenKey) {
      if (!(text.value() instanceof String toml)) {
        problems.add(new ConfigProblem(text.location().withKey(writtenKey), writtenKey,
            "expected a string holding TOML, found " + SectionView.describe(text), ""));
        return Table.empty(text.location());
      }
      JacksonDocuments.TextOrigin origin = parsed.origins().get(text);
      ConfigLocation at = text.location().withKey(writtenKey);
      Table table;
      try {
        table = TomlDocuments.parse(at.source(), toml);
      } catch (ConfigException e) {
        for (ConfigProblem problem : e.problems()) {
          ConfigLocation inner = problem.location();
          if (origin != null && origin.blockIndent() >= 0 && inner.line() > 0) {
            problems.add(new ConfigProblem(
                new ConfigLocation(at.source(), origin.line() + inner.line(), origin.blockIndent() + inner.column(), writtenKey),
                writtenKey, problem.message(), problem.suggestion()));
          } else {
            problems.add(new ConfigProblem(at, writtenKey,
                problem.message() + (inner.line() > 0 ? " (line " + inner.line() + ", column " + inner.column() + " of the TOML text)" : ""),
                problem.suggestion()));
          }
        }
        return Table.empty(at);
      }
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      table.entries().forEach((k, v) -> entries.put(k, relocate(v, at, origin, writtenKey + "." + ConfigSection.literal(k))));
      return new Table(entries, at);
    }

    private ConfigNode relocate(ConfigNode node, ConfigLocation at, JacksonDocuments.TextOrigin origin, String key) {
      ConfigLocation inner = node.location();
      ConfigLocation mapped =
          origin != null && origin.blockIndent() >= 0 && inner.line() > 0
              ? new ConfigLocation(at.source(), origin.line() + inner.line(), origin.blockIndent() + inner.column(), key)
              : at.withKey(key);
      return switch (node) {
        case Table t -> {
          Map<String, ConfigNode> entries = new LinkedHashMap<>();
          t.entries().forEach((k, v) -> entries.put(k, relocate(v, at, origin, key + "." + ConfigSection.literal(k))));
          yield new Table(entries, mapped);
        }
        case Array a -> {
          List<ConfigNode> items = new ArrayList<>();
          for (int i = 0; i < a.items().size(); i++) {
            items.add(relocate(a.items().get(i), at, origin, key + "[" + i + "]"));
          }
          yield new Array(items, mapped);
        }
        case Leaf l -> new Leaf(l.value(), mapped);
      };
    }
  }
}
