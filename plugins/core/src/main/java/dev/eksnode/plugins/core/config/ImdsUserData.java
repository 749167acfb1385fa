package dev.eksnode.plugins.core.config;

import dev.eksnode.plugins.core.aws.AwsEnvironment;
import dev.eksnode.plugins.core.aws.LastErrorHttpClient;
import dev.eksnode.plugins.core.aws.MetadataRetries;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import dev.eksnode.spi.ConfigSourceProvider;
import dev.eksnode.spi.EksnodeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataClientException;
import software.amazon.awssdk.imds.EndpointMode;

/**
 * Reads EC2 user data ({@code imds://user-data}) with the AWS SDK's instance metadata client
 * (IMDSv2 tokens, retries, endpoint modes). The endpoint comes from the environment eksnode was
 * given, not the process's, so tests point it at a loopback emulator without touching real
 * variables: {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, {@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE} ({@code IPv6}) and {@code AWS_EC2_METADATA_DISABLED}.
 * User data answered with 404 is no user data, not an error. Reads retry with the SDK's jittered
 * backoff (and once more with a fresh token after a 401) within {@code EKSNODE_IMDS_DEADLINE_SECONDS};
 * metadata that does not answer in time is a failure of the environment ({@link EksnodeException},
 * exit 1, naming the endpoint and the last error), not a configuration problem.
 *
 * <p>The SDK client decodes every response as UTF-8 text, which would corrupt gzip'd user data; a
 * thin wrapper around the HTTP client hands it the user-data body base64-encoded, and it is decoded
 * back here, byte for byte.
 */
public final class ImdsUserData implements ConfigSourceProvider {

  static final String ENDPOINT = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
  static final String ENDPOINT_MODE = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
  static final String DISABLED = "AWS_EC2_METADATA_DISABLED";
  static final URI USER_DATA = URI.create("imds://user-data");

  private static final Logger LOGGER = LoggerFactory.getLogger(ImdsUserData.class);
  private static final String PATH = "/latest/user-data";
  private static final int MAX_BYTES = 16 * 1024 * 1024;
  static final String DEADLINE = "EKSNODE_IMDS_DEADLINE_SECONDS";

  @Override
  public String scheme() {
    return "imds";
  }

  @Override
  public String sourceName(URI uri) {
    return "user-data";
  }

  /** User data is read by default on a live node, or anywhere the environment names a metadata endpoint. */
  @Override
  public Optional<URI> defaultSource(boolean liveRoot, Map<String, String> environment) {
    return liveRoot || environment.containsKey(ENDPOINT) ? Optional.of(USER_DATA) : Optional.empty();
  }

  @Override
  public Optional<byte[]> fetch(URI uri, Map<String, String> environment) {
    if (!"user-data".equals(uri.getAuthority()) || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
      throw problem(uri.toString(), "eksnode reads only imds://user-data from instance metadata");
    }
    if ("true".equalsIgnoreCase(environment.getOrDefault(DISABLED, "").strip())) {
      throw problem("user-data", "instance metadata is disabled (" + DISABLED + "=true)",
          "name the configuration with --config-source file:///path instead");
    }
    Ec2MetadataClient.Builder builder = Ec2MetadataClient.builder();
    String endpoint = environment.get(ENDPOINT);
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        builder.endpoint(URI.create(endpoint.strip()));
      } catch (IllegalArgumentException e) {
        throw problem("user-data", ENDPOINT + " \"" + endpoint + "\" is not a URL", "");
      }
    } else if ("ipv6".equalsIgnoreCase(environment.getOrDefault(ENDPOINT_MODE, "").strip())) {
      builder.endpointMode(EndpointMode.IPV6);
    }
    URI where = endpoint != null && !endpoint.isBlank() ? URI.create(endpoint.strip())
        : "ipv6".equalsIgnoreCase(environment.getOrDefault(ENDPOINT_MODE, "").strip()) ? AwsEnvironment.IMDS_IPV6 : AwsEnvironment.IMDS_IPV4;
    Duration deadline;
    try {
      deadline = AwsEnvironment.metadataDeadline(Optional.ofNullable(environment.get(DEADLINE)));
    } catch (EksnodeException e) {
      throw problem("user-data", e.getMessage());
    }
    // Instance metadata is link-local: never through a proxy, whatever the environment says.
    LastErrorHttpClient recorded = LastErrorHttpClient.forMetadata(Duration.ofSeconds(1), Duration.ofSeconds(5));
    ExecutorService executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("imds-user-data").factory());
    try (SdkHttpClient binarySafe = new Base64Body(recorded);
        Ec2MetadataClient client = builder.httpClient(binarySafe).retryPolicy(MetadataRetries.policy()).build()) {
      long deadlineNanos = System.nanoTime() + deadline.toNanos();
      Future<String> body = executor.submit(() -> read(client, deadlineNanos));
      byte[] bytes = Base64.getDecoder().decode(body.get(deadline.toNanos(), TimeUnit.NANOSECONDS).strip());
      LOGGER.info("user-data: {} bytes from instance metadata", bytes.length);
      return Optional.of(bytes);
    } catch (TimeoutException e) {
      throw new EksnodeException("user-data: instance metadata at " + where + " did not answer " + PATH + " within the deadline of "
          + deadline.toMillis() / 1000.0 + " s (" + DEADLINE + "); last error: " + recorded.lastError());
    } catch (ExecutionException e) {
      return switch (e.getCause()) {
        case NoUserData none -> {
          LOGGER.info("user-data: the instance has none");
          yield Optional.empty();
        }
        case Ec2MetadataClientException http4xx -> throw new EksnodeException("user-data: instance metadata at " + where
            + " answered HTTP " + http4xx.statusCode() + " for " + PATH + " (last error: " + recorded.lastError() + ")");
        case SdkClientException unreachable -> throw new EksnodeException("user-data: cannot read user data from instance metadata at "
            + where + ": " + unreachable.getMessage() + " (last error: " + recorded.lastError() + "; on a machine that is not an EC2 "
            + "instance, name the configuration with --config-source)");
        case IllegalArgumentException garbled -> throw problem("user-data",
            "instance metadata returned a body that could not be read back: " + garbled.getMessage(), "");
        case Throwable other -> throw new EksnodeException("user-data: instance metadata at " + where + ": " + other, other);
      };
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EksnodeException("interrupted while reading user data", e);
    } catch (IllegalArgumentException e) {
      throw problem("user-data", "instance metadata returned a body that could not be read back: " + e.getMessage(), "");
    } finally {
      executor.shutdownNow();
      recorded.close();
    }
  }

  /** Thrown inside a read for a 404: the instance has no user data. */
  private static final class NoUserData extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoUserData() {
      super(null, null, false, false);
    }
  }

  /**
   * The user data, base64-encoded by {@link Base64Body}. Beyond the SDK's own retries, a 401 (an
   * expired token) is retried with a fresh token, and an unreachable endpoint (refused, reset) is
   * retried with jittered exponential backoff, until the deadline.
   */
  private static String read(Ec2MetadataClient client, long deadlineNanos) throws InterruptedException {
    try {
      return MetadataRetries.untilDeadline(() -> client.get(PATH).asString(), deadlineNanos, "user-data");
    } catch (Ec2MetadataClientException e) {
      if (e.statusCode() == 404) {
        throw new NoUserData();
      }
      throw e;
    }
  }

  private static ConfigException problem(String source, String message) {
    return problem(source, message, "");
  }

  private static ConfigException problem(String source, String message, String suggestion) {
    return new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(source), "", message, suggestion)));
  }

  /**
   * Passes requests through; a successful user-data response's body is handed on base64-encoded, so
   * the SDK's UTF-8 decoding cannot corrupt binary (gzip'd) user data.
   */
  private static final class Base64Body implements SdkHttpClient {
    private final SdkHttpClient delegate;

    Base64Body(SdkHttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      ExecutableHttpRequest prepared = delegate.prepareRequest(request);
      boolean userData = request.httpRequest().encodedPath().endsWith(PATH);
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          HttpExecuteResponse response = prepared.call();
          if (!userData || !response.httpResponse().isSuccessful()) {
            return response;
          }
          byte[] body = new byte[0];
          if (response.responseBody().isPresent()) {
            try (InputStream in = response.responseBody().get()) {
              body = in.readNBytes(MAX_BYTES + 1);
            }
          }
          if (body.length > MAX_BYTES) {
            throw new IOException("user data is larger than " + MAX_BYTES + " bytes");
          }
          byte[] encoded = Base64.getEncoder().encode(body);
          return HttpExecuteResponse.builder()
              .response(response.httpResponse().toBuilder().putHeader("Content-Length", String.valueOf(encoded.length)).build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(encoded)))
              .build();
        }

        @Override
        public void abort() {
          prepared.abort();
        }
      };
    }

    @Override
    public String clientName() {
      return delegate.clientName();
    }

    @Override
    public void close() {
      // The wrapped client is closed by its owner.
    }
  }
}
