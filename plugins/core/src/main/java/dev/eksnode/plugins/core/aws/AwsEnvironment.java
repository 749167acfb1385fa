package dev.eksnode.plugins.core.aws;

import dev.eksnode.node.NodeFacts;
import dev.eksnode.node.ProxySettings;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Host;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS settings a step's clients use, read from the {@link Host}'s environment and never from the
 * process's, so tests point the real SDK clients at emulators without touching {@code System.getenv}.
 * Honours the SDK's standard variables: {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE}, {@code AWS_ENDPOINT_URL_EC2}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code
 * AWS_REGION}, {@code AWS_USE_FIPS_ENDPOINT}, {@code HTTPS_PROXY}/{@code NO_PROXY} (or the proxy plugin's
 * fact in their place); plus {@code
 * EKSNODE_IMDS_DEADLINE_SECONDS} and {@code EKSNODE_EC2_DEADLINE_SECONDS}.
 */
public final class AwsEnvironment {

  /** The IPv4 instance metadata endpoint. */
  public static final URI IMDS_IPV4 = URI.create("http://169.254.169.254");

  /** The IPv6 instance metadata endpoint. */
  public static final URI IMDS_IPV6 = URI.create("http://[fd00:ec2::254]");

  private static final Duration DEFAULT_IMDS_DEADLINE = Duration.ofSeconds(30);
  private static final Duration DEFAULT_EC2_DEADLINE = Duration.ofSeconds(60);

  private final Host host;
  private final Optional<ProxySettings> proxy;

  /** The settings {@code host}'s environment gives. */
  public AwsEnvironment(Host host) {
    this(host, Optional.empty());
  }

  /**
   * The settings {@code host}'s environment gives, with the proxy plugin's {@link NodeFacts#PROXY}
   * (when published) taking the place of {@code HTTPS_PROXY} and {@code NO_PROXY}: on the first boot
   * the process started before the proxy plugin wrote its environment.
   */
  public AwsEnvironment(Host host, Optional<ProxySettings> proxy) {
    this.host = host;
    this.proxy = proxy;
  }

  private Optional<String> env(String name) {
    return host.env(name).map(String::strip).filter(value -> !value.isEmpty());
  }

  /** Where instance metadata is. */
  public URI metadataEndpoint() {
    Optional<String> endpoint = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (endpoint.isPresent()) {
      return uri("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint.get());
    }
    return env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").map(mode -> mode.equalsIgnoreCase("IPv6")).orElse(false)
        ? IMDS_IPV6
        : IMDS_IPV4;
  }

  /** How long instance metadata may take in all, retries included. */
  public Duration metadataDeadline() {
    return metadataDeadline(env("EKSNODE_IMDS_DEADLINE_SECONDS"));
  }

  /** The metadata deadline {@code text}, the value of {@code EKSNODE_IMDS_DEADLINE_SECONDS}, says. */
  public static Duration metadataDeadline(Optional<String> text) {
    return seconds("EKSNODE_IMDS_DEADLINE_SECONDS", text.map(String::strip).filter(t -> !t.isEmpty()), DEFAULT_IMDS_DEADLINE);
  }

  /** How long one EC2 API call may take, retries included. */
  public Duration ec2Deadline() {
    return seconds("EKSNODE_EC2_DEADLINE_SECONDS", env("EKSNODE_EC2_DEADLINE_SECONDS"), DEFAULT_EC2_DEADLINE);
  }

  private static Duration seconds(String name, Optional<String> value, Duration fallback) {
    return value
        .map(text -> {
          double seconds;
          try {
            seconds = Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw new EksnodeException(name + ": \"" + text + "\" is not a number of seconds");
          }
          if (!(seconds > 0 && seconds <= 3600)) {
            throw new EksnodeException(name + ": \"" + text + "\" must be more than 0 and at most 3600 seconds");
          }
          return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
        })
        .orElse(fallback);
  }

  /** An EC2 endpoint override, when one is set. */
  public Optional<URI> ec2Endpoint() {
    return env("AWS_ENDPOINT_URL_EC2")
        .map(value -> uri("AWS_ENDPOINT_URL_EC2", value))
        .or(() -> env("AWS_ENDPOINT_URL").map(value -> uri("AWS_ENDPOINT_URL", value)));
  }

  /** The region set in the environment, if any (the image phase uses it before metadata). */
  public Optional<String> region() {
    return env("AWS_REGION").or(() -> env("AWS_DEFAULT_REGION"));
  }

  /** Static credentials from the environment; empty means the SDK's default chain (the instance profile). */
  public Optional<StaticKeys> staticKeys() {
    Optional<String> id = env("AWS_ACCESS_KEY_ID");
    Optional<String> secret = env("AWS_SECRET_ACCESS_KEY");
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StaticKeys(id.get(), secret.get(), env("AWS_SESSION_TOKEN")));
  }

  /** Whether AWS API calls go to FIPS endpoints. */
  public boolean fips() {
    return env("AWS_USE_FIPS_ENDPOINT").map(value -> value.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
  }

  /** The HTTPS proxy for AWS API calls (never for instance metadata). */
  public Optional<URI> httpsProxy() {
    if (proxy.isPresent()) {
      return proxy.get().httpsProxy();
    }
    return env("HTTPS_PROXY").or(() -> env("https_proxy")).map(value -> uri("HTTPS_PROXY", value.contains("://") ? value : "http://" + value));
  }

  /**
   * Hosts the proxy is not used for, from {@code NO_PROXY}, as the regular expressions the SDK matches
   * host names against: {@code .example.com}, {@code *.example.com} and {@code example.com} all cover
   * the domain and its subdomains.
   */
  public Set<String> noProxyPatterns() {
    Set<String> patterns = new TreeSet<>();
    proxy.map(settings -> String.join(",", settings.noProxy())).or(() -> env("NO_PROXY").or(() -> env("no_proxy"))).ifPresent(value -> {
      for (String entry : value.split(",")) {
        String domain = entry.strip().toLowerCase(Locale.ROOT).replaceFirst("^\\*", "").replaceFirst("^\\.", "");
        if (!domain.isEmpty()) {
          patterns.add("(.*\\.)?" + java.util.regex.Pattern.quote(domain));
        }
      }
    });
    return patterns;
  }

  private static URI uri(String name, String value) {
    // A proxy URL may carry user:password@; messages show ***@ instead.
    String shown = value.replaceAll("(?<=://)[^/@\\s]*(?=@)", "***");
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new EksnodeException(name + ": \"" + shown + "\" is not a URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new EksnodeException(name + ": \"" + shown + "\" is not a URL: " + e.getReason());
    }
  }

  /**
   * Credentials from the environment.
   *
   * @param accessKeyId the key id
   * @param secretAccessKey the secret; never logged
   * @param sessionToken the session token of temporary credentials
   */
  public record StaticKeys(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {
    @Override
    public String toString() {
      return "StaticKeys[" + accessKeyId + ", secret redacted]";
    }
  }
}
