package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Reads configuration from a place the kernel does not know, named by a URI scheme, e.g. {@code
 * meta://user-data} from a cloud's instance metadata service. The kernel decodes, splits
 * and parses what it returns exactly as it does a file.
 */
@API(status = STABLE, since = "0.1.0")
public interface ConfigSourceProvider {

  /** The URI scheme this provider reads, lower case, e.g. {@code meta}. */
  String scheme();

  /** How messages name what {@code uri} returned, e.g. {@code user-data}. */
  default String sourceName(URI uri) {
    return uri.toString();
  }

  /**
   * Reads the source.
   *
   * @param environment the eksnode process environment (tests pass their own), e.g. for endpoint overrides
   * @return the raw bytes, or empty when the source exists but holds nothing (an instance without user data)
   * @throws ConfigException when the URI names nothing this provider knows, or the source cannot be
   *     read because of what the configuration says (exit 2: bad input)
   * @throws EksnodeException when the source is there but does not answer in time, after retries (exit
   *     1: the environment failed, not the input); the message names the endpoint and the last error
   */
  Optional<byte[]> fetch(URI uri, Map<String, String> environment);

  /**
   * The source this provider adds to the default list (between the image configuration and the
   * node-local drop-ins) when no source is named on the command line, if any.
   *
   * @param liveRoot whether eksnode runs against the live machine ({@code --root /})
   */
  default Optional<URI> defaultSource(boolean liveRoot, Map<String, String> environment) {
    return Optional.empty();
  }
}
