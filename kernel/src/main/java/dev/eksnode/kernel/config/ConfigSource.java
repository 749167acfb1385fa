package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** A place configuration is read from, in the order of precedence it is listed in. */
@API(status = INTERNAL, since = "0.1.0")
public sealed interface ConfigSource {

  /** How the source is shown in listings, e.g. {@code /etc/eksnode/config.d/*.toml}. */
  String display();

  /**
   * A file, or a directory whose {@code *.toml} files are read in name order.
   *
   * @param optional a missing path is nothing to read (the default list) rather than an error
   */
  record Files(Path path, boolean optional) implements ConfigSource {
    @Override
    public String display() {
      return path.toString();
    }
  }

  /** A URI read by a plugin's {@link dev.eksnode.spi.ConfigSourceProvider}, e.g. {@code imds://user-data}. */
  record Provided(URI uri) implements ConfigSource {
    @Override
    public String display() {
      return uri.toString();
    }
  }

  /**
   * Bytes already in hand, e.g. standard input.
   *
   * @param name how messages name them
   */
  record Bytes(String name, byte[] data) implements ConfigSource {
    @Override
    public String display() {
      return name;
    }
  }

  /**
   * Parses a {@code --config-source} value: {@code file:///path} or a plain path is a file or
   * directory; any other scheme is read by the plugin providing it.
   *
   * @throws IllegalArgumentException with a message for users when the text is not a URI
   */
  static ConfigSource parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("a config source cannot be empty");
    }
    int colon = text.indexOf("://");
    if (colon < 0 || text.startsWith("/") || text.startsWith(".")) {
      return new Files(Path.of(text), false);
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new IllegalArgumentException("\"" + text + "\" names no path; write file:///absolute/path");
      }
      if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
        throw new IllegalArgumentException("\"" + text + "\" has a host; write file:///absolute/path (three slashes)");
      }
      return new Files(Path.of(uri.getPath()), false);
    }
    return new Provided(uri);
  }
}
