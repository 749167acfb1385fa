package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigNode.Array;
import dev.eksnode.spi.ConfigNode.Leaf;
import dev.eksnode.spi.ConfigNode.Table;
import dev.eksnode.spi.ConfigProblem;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML and JSON into located {@link ConfigNode} tables with Jackson's streaming parser, which
 * gives every token its line and column. Guards: nesting depth, document size and YAML aliases are
 * bounded, and YAML aliases are refused (Jackson would read an alias as its name), so an alias bomb
 * or a deeply nested document fails with a message instead of exhausting memory or the stack, or
 * silently meaning something else. A YAML stream may hold several documents ({@code ---}); each is
 * returned.
 * {@code null} values are dropped, as nodeadm's decoder does with empty fields. Integers are {@link
 * Long}s, or {@link BigInteger}s above {@code Long.MAX_VALUE} up to {@link #UNSIGNED_64_MAX}.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class JacksonDocuments {

  /** How deep tables and lists may nest. */
  public static final int MAX_DEPTH = 64;

  /** How many aliases a YAML document may use. */
  public static final int MAX_ALIASES = 50;

  /**
   * The largest integer read: 2^64 - 1, the largest unsigned 64-bit value, which OCI runtime specs use
   * for "unlimited". Integers that fit a {@code long} are read as {@link Long}, larger ones up to this
   * as {@link BigInteger}.
   */
  public static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private static final YAMLFactory YAML = yamlFactory();
  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(constraints()).build();

  /**
   * Parsed documents, with where each string value's text starts in the source, for strings that
   * hold another document (nodeadm's containerd TOML).
   */
  public record Parsed(List<Table> documents, Map<Leaf, TextOrigin> origins) {}

  /**
   * Where a string value's text starts.
   *
   * @param line 1-based line of the value's first token
   * @param column 1-based column of the value's first token
   * @param blockIndent for a YAML literal block scalar ({@code |}), the indentation of its lines,
   *     which start on the next line; -1 for any other string, whose inside positions do not map onto
   *     the source line by line
   */
  public record TextOrigin(int line, int column, int blockIndent) {}

  private JacksonDocuments() {}

  private static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxStringLength(Payloads.MAX_DECODED_BYTES)
        .maxDocumentLength(Payloads.MAX_DECODED_BYTES)
        .build();
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(Payloads.MAX_DECODED_BYTES);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .streamReadConstraints(constraints())
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .build();
  }

  /** Parses a YAML stream. */
  public static Parsed yaml(String source, String text) {
    try (JsonParser parser = YAML.createParser(text)) {
      return read(source, text, parser, "YAML");
    } catch (IOException e) {
      throw syntax(source, e, "YAML");
    }
  }

  /** Parses one JSON document. */
  public static Parsed json(String source, String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      Parsed parsed = read(source, text, parser, "JSON");
      if (parsed.documents().size() > 1) {
        throw new ConfigException(List.of(new ConfigProblem(
            parsed.documents().get(1).location(), "", "JSON syntax: more than one value; a document is one object", "")));
      }
      return parsed;
    } catch (IOException e) {
      throw syntax(source, e, "JSON");
    }
  }

  private static Parsed read(String source, String text, JsonParser parser, String language) throws IOException {
    Reader reader = new Reader(source, text.split("\n", -1), parser);
    List<Table> documents = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      ConfigLocation at = reader.at(parser.currentTokenLocation());
      if (token != JsonToken.START_OBJECT) {
        ConfigNode value = reader.value(token, at, 0);
        if (value == null) {
          continue; // an empty document
        }
        throw new ConfigException(List.of(new ConfigProblem(
            at, "", "expected a mapping of keys to values at the top of the document, found " + ConfigNode.typeName(value), "")));
      }
      documents.add(reader.table(at, 0));
    }
    if (!reader.problems.isEmpty()) {
      throw new ConfigException(reader.problems);
    }
    return new Parsed(List.copyOf(documents), reader.origins);
  }

  private static ConfigException syntax(String source, IOException e, String language) {
    int line = 0;
    int column = 0;
    String message = e.getMessage();
    if (e.getCause() instanceof MarkedYAMLException marked) {
      Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
      if (mark != null) {
        line = mark.getLine() + 1;
        column = mark.getColumn() + 1;
      }
      message = marked.getProblem() == null ? marked.getContext() : marked.getProblem();
      if (marked.getContext() != null && marked.getProblem() != null && marked.getContextMark() != null) {
        message += " (" + marked.getContext() + " at line " + (marked.getContextMark().getLine() + 1) + ")";
      }
    } else if (e instanceof JsonProcessingException processing) {
      message = processing.getOriginalMessage();
      JsonLocation location = processing.getLocation();
      if (location != null) {
        line = Math.max(0, location.getLineNr());
        column = Math.max(0, location.getColumnNr());
      }
    }
    message = message == null ? e.toString() : message.replace('\n', ' ');
    return new ConfigException(List.of(new ConfigProblem(
        new ConfigLocation(source, line, column), "", language + " syntax: " + message, "")));
  }

  /** Builds located nodes from the parser's tokens. */
  private static final class Reader {
    final String source;
    final String[] lines;
    final JsonParser parser;
    final List<ConfigProblem> problems = new ArrayList<>();
    final Map<Leaf, TextOrigin> origins = new IdentityHashMap<>();

    Reader(String source, String[] lines, JsonParser parser) {
      this.source = source;
      this.lines = lines;
      this.parser = parser;
    }

    ConfigLocation at(JsonLocation location) {
      return new ConfigLocation(source, Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
    }

    /** Reads the entries of a table whose START_OBJECT is the current token. */
    Table table(ConfigLocation location, int depth) throws IOException {
      Map<String, ConfigNode> entries = new LinkedHashMap<>();
      Map<String, ConfigLocation> firstSeen = new LinkedHashMap<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
        if (token == null) {
          throw new IOException("unexpected end of input");
        }
        String key = parser.currentName();
        ConfigLocation keyAt = at(parser.currentTokenLocation());
        JsonToken valueToken = parser.nextToken();
        ConfigLocation valueAt = at(parser.currentTokenLocation());
        ConfigNode value = value(valueToken, valueAt, depth + 1);
        ConfigNode placed = value == null ? null : relocate(value, keyAt);
        ConfigLocation first = firstSeen.putIfAbsent(key, keyAt);
        if (first != null) {
          problems.add(new ConfigProblem(keyAt, "", "duplicate key \"" + key + "\" (first at line " + first.line() + ")", "remove one of them"));
          continue;
        }
        if (placed != null) {
          entries.put(key, placed);
          if (value instanceof Leaf leaf && origins.containsKey(leaf)) {
            origins.put((Leaf) placed, origins.remove(leaf));
          }
        }
      }
      return new Table(entries, location);
    }

    /** A table entry's node is located at its key, where users look for it. */
    private static ConfigNode relocate(ConfigNode node, ConfigLocation keyAt) {
      return switch (node) {
        case Table t -> new Table(t.entries(), keyAt);
        case Array a -> new Array(a.items(), keyAt);
        case Leaf l -> new Leaf(l.value(), keyAt);
      };
    }

    /** Reads the value whose first token is current; null for a YAML/JSON null. */
    ConfigNode value(JsonToken token, ConfigLocation at, int depth) throws IOException {
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        problems.add(new ConfigProblem(at, "", "YAML aliases (*" + parser.getText() + ") are not supported", "write the value out in full"));
        return null;
      }
      return switch (token) {
        case START_OBJECT -> table(at, depth);
        case START_ARRAY -> {
          List<ConfigNode> items = new ArrayList<>();
          JsonToken item;
          while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item == null) {
              throw new IOException("unexpected end of input");
            }
            ConfigNode node = value(item, at(parser.currentTokenLocation()), depth + 1);
            if (node != null) {
              items.add(node);
            }
          }
          yield new Array(items, at);
        }
        case VALUE_STRING -> {
          Leaf leaf = new Leaf(parser.getText(), at);
          origins.put(leaf, origin(at));
          yield leaf;
        }
        case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
          case INT, LONG -> new Leaf(parser.getLongValue(), at);
          default -> {
            BigInteger big = parser.getBigIntegerValue();
            if (big.signum() > 0 && big.compareTo(UNSIGNED_64_MAX) <= 0) {
              yield new Leaf(big, at); // an unsigned 64-bit value, e.g. an OCI rlimit of "unlimited"
            }
            problems.add(new ConfigProblem(at, "", "integer " + parser.getText() + " is out of range",
                "integers run from " + Long.MIN_VALUE + " to " + UNSIGNED_64_MAX));
            yield new Leaf(0L, at);
          }
        };
        case VALUE_NUMBER_FLOAT -> new Leaf(parser.getDoubleValue(), at);
        case VALUE_TRUE -> new Leaf(Boolean.TRUE, at);
        case VALUE_FALSE -> new Leaf(Boolean.FALSE, at);
        case VALUE_NULL -> null;
        default -> throw new IOException("unexpected token " + token);
      };
    }

    private TextOrigin origin(ConfigLocation at) {
      int line = at.line();
      int column = at.column();
      if (line >= 1 && line <= lines.length) {
        String text = lines[line - 1];
        if (column >= 1 && column <= text.length() && text.charAt(column - 1) == '|') {
          for (int next = line; next < lines.length; next++) {
            String content = lines[next];
            if (!content.isBlank()) {
              int indent = 0;
              while (indent < content.length() && content.charAt(indent) == ' ') {
                indent++;
              }
              return new TextOrigin(line, column, indent);
            }
          }
        }
      }
      return new TextOrigin(line, column, -1);
    }
  }
}
