package dev.eksnode.node;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.node.text.JsonText;
import dev.eksnode.spi.API;
import dev.eksnode.spi.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The versions manifest, {@value #PATH}: every component the image phase installed and its version,
 * as {@code {"components": {name: version}}}. The image phase renders it from the {@link
 * Documents#COMPONENT_VERSIONS} contributions; an image step reads it to install nothing when the
 * version it would install is already recorded, and {@code eksnode versions} compares it with the
 * live binaries.
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public final class VersionsManifest {

  /** Where the manifest is. */
  public static final String PATH = "/etc/eksnode/versions.json";

  private VersionsManifest() {}

  /**
   * The components a previous image run recorded; empty when there is no manifest or it is not one
   * (image steps then install again, which is what a damaged manifest calls for).
   */
  public static Map<String, String> read(Host host) {
    return host.readString(PATH).flatMap(text -> {
      try {
        return Optional.of(parse(text));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }).orElse(Map.of());
  }

  /** The version recorded for {@code component}, or empty when there is no manifest or no such entry. */
  public static Optional<String> recorded(Host host, String component) {
    return Optional.ofNullable(read(host).get(component));
  }

  /**
   * The components of a manifest's text, sorted by name; a version that is a JSON number or boolean
   * is taken as its text.
   *
   * @throws IllegalArgumentException saying where, when the text is not JSON or has no {@code
   *     components} object
   */
  public static Map<String, String> parse(String text) {
    Object document = new JsonReader(text).document();
    if (!(document instanceof Map<?, ?> top) || !(top.get("components") instanceof Map<?, ?> components)) {
      throw new IllegalArgumentException("no \"components\" object at the top level");
    }
    Map<String, String> versions = new TreeMap<>();
    components.forEach((name, version) -> {
      if (version instanceof Map<?, ?> || version == null) {
        throw new IllegalArgumentException("components." + name + " is not a version");
      }
      versions.put((String) name, version.toString());
    });
    return versions;
  }

  /** The manifest's text: names sorted, indented two spaces, a line break at the end. */
  public static String render(Map<String, String> components) {
    if (components.isEmpty()) {
      return "{\n  \"components\" : { }\n}\n";
    }
    StringBuilder out = new StringBuilder("{\n  \"components\" : {\n");
    String separator = "";
    for (Map.Entry<String, String> entry : new TreeMap<>(components).entrySet()) {
      out.append(separator).append("    ").append(quoted(entry.getKey())).append(" : ").append(quoted(entry.getValue()));
      separator = ",\n";
    }
    return out.append("\n  }\n}\n").toString();
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder();
    JsonText.quote(out, text);
    return out.toString();
  }

  /** Just enough JSON to read a manifest: objects, arrays, strings, numbers, booleans and null. */
  private static final class JsonReader {
    private final String text;
    private int at;

    JsonReader(String text) {
      this.text = text;
    }

    Object document() {
      Object value = value();
      space();
      if (at < text.length()) {
        throw problem("text after the end of the document");
      }
      return value;
    }

    private Object value() {
      space();
      if (at >= text.length()) {
        throw problem("the document ends early");
      }
      char c = text.charAt(at);
      return switch (c) {
        case '{' -> object();
        case '[' -> array();
        case '"' -> string();
        default -> literal();
      };
    }

    private Map<String, Object> object() {
      Map<String, Object> entries = new LinkedHashMap<>();
      at++;
      space();
      if (consume('}')) {
        return entries;
      }
      do {
        space();
        if (!peek('"')) {
          throw problem("expected a name in quotes");
        }
        String name = string();
        space();
        expect(':');
        entries.put(name, value());
        space();
      } while (consume(','));
      expect('}');
      return entries;
    }

    private Object array() {
      at++;
      space();
      if (consume(']')) {
        return "";
      }
      do {
        value();
        space();
      } while (consume(','));
      expect(']');
      return "";
    }

    private String string() {
      at++;
      StringBuilder out = new StringBuilder();
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (at >= text.length()) {
          break;
        }
        char escaped = text.charAt(at++);
        switch (escaped) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (at + 4 > text.length() || !text.substring(at, at + 4).matches("[0-9A-Fa-f]{4}")) {
              throw problem("a \\u escape needs four hex digits");
            }
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(escaped);
        }
      }
      throw problem("a string is not closed");
    }

    private Object literal() {
      int start = at;
      while (at < text.length() && "{}[],:\" \t\r\n".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      String word = text.substring(start, at);
      if (word.equals("null")) {
        return null;
      }
      if (word.equals("true") || word.equals("false") || word.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?")) {
        return word;
      }
      at = start;
      throw problem("unexpected '" + (word.isEmpty() ? text.charAt(at) : word) + "'");
    }

    private void space() {
      while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
    }

    private boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private boolean consume(char c) {
      if (peek(c)) {
        at++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!consume(c)) {
        throw problem("expected '" + c + "'");
      }
    }

    private IllegalArgumentException problem(String what) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < Math.min(at, text.length()); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      return new IllegalArgumentException("line " + line + ", column " + column + ": " + what);
    }
  }
}
