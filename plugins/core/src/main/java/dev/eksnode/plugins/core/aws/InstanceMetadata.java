package dev.eksnode.plugins.core.aws;

import dev.eksnode.spi.EksnodeException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
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
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataClientException;

/**
 * Instance metadata through the AWS SDK's IMDSv2 client: a session token, retries with jittered
 * exponential backoff, and one deadline over everything. Never goes through a proxy.
 *
 * <p>Thread-safe: {@link #getAll} fetches paths concurrently.
 */
public final class InstanceMetadata implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(InstanceMetadata.class);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private final URI endpoint;
  private final Duration budget;
  private final long deadlineNanos;
  private final Ec2MetadataClient client;
  private final LastErrorHttpClient http;
  // Platform threads, not virtual ones: socket I/O on a virtual thread starts the JDK's poller, a thread
  // blocked in epoll_wait, and the JVM then waits 300 ms for it at exit: on every boot.
  private final ExecutorService executor =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("imds-", 0).factory());

  private InstanceMetadata(URI endpoint, Duration budget) {
    this.endpoint = endpoint;
    this.budget = budget;
    this.deadlineNanos = System.nanoTime() + budget.toNanos();
    Duration timeout = Duration.ofMillis(Math.min(ATTEMPT_TIMEOUT.toMillis(), Math.max(1, budget.toMillis())));
    this.http = LastErrorHttpClient.forMetadata(timeout, timeout);
    this.client =
        Ec2MetadataClient.builder()
            .endpoint(endpoint)
            .httpClient(http)
            .retryPolicy(MetadataRetries.policy())
            .build();
  }

  /** A client for the endpoint and deadline {@code environment} says; the deadline starts now. */
  public static InstanceMetadata connect(AwsEnvironment environment) {
    return new InstanceMetadata(environment.metadataEndpoint(), environment.metadataDeadline());
  }

  /** The endpoint this client talks to. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * One value, by its path under {@code /latest/} (e.g. {@code meta-data/instance-id}); empty when
   * metadata has no such path (404).
   */
  public Optional<String> get(String path) {
    return getAll(List.of(path)).get(path);
  }

  /** Several values fetched at once; each is empty when metadata has no such path. */
  public Map<String, Optional<String>> getAll(List<String> paths) {
    Map<String, Future<Optional<String>>> futures = new LinkedHashMap<>();
    for (String path : paths) {
      futures.put(path, executor.submit(() -> fetch(path)));
    }
    Map<String, Optional<String>> values = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Future<Optional<String>>> entry : futures.entrySet()) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
          values.put(entry.getKey(), entry.getValue().get(Math.max(0, remaining), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          throw new EksnodeException(
              "instance metadata at " + endpoint + " did not answer " + entry.getKey() + " within the deadline of "
                  + budget.toMillis() / 1000.0 + " s (EKSNODE_IMDS_DEADLINE_SECONDS); last error: " + http.lastError());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof EksnodeException known ? known : new EksnodeException(
              "instance metadata " + entry.getKey() + ": " + e.getCause(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EksnodeException("interrupted while reading instance metadata", e);
    } finally {
      futures.values().forEach(future -> future.cancel(true));
    }
    return values;
  }

  private Optional<String> fetch(String path) {
    try {
      return MetadataRetries.untilDeadline(() -> fetchOnce(path), deadlineNanos, "IMDS " + path);
    } catch (Ec2MetadataClientException e) {
      throw failure(path, e);
    } catch (SdkClientException e) {
      throw new EksnodeException(
          "instance metadata at " + endpoint + " is unreachable (" + path + ") within the deadline of "
              + budget.toMillis() / 1000.0 + " s (EKSNODE_IMDS_DEADLINE_SECONDS): " + e.getMessage()
              + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()) + " (last error: " + http.lastError() + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EksnodeException("interrupted while reading instance metadata", e);
    }
  }

  private EksnodeException failure(String path, Ec2MetadataClientException e) {
    return new EksnodeException("instance metadata at " + endpoint + ": " + path + " answered HTTP " + e.statusCode()
        + " (last error: " + http.lastError() + ")", e);
  }

  private Optional<String> fetchOnce(String path) {
    refuseOversized();
    try {
      String value = client.get("/latest/" + path).asString();
      LOGGER.debug("IMDS {}: {} bytes", path, value.length());
      return Optional.of(value);
    } catch (Ec2MetadataClientException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    } catch (SdkClientException e) {
      refuseOversized();
      throw e;
    }
  }

  /** An answer too long to be metadata is not retried: it will not get shorter. */
  private void refuseOversized() {
    http.oversized().ifPresent(what -> {
      throw new EksnodeException("instance metadata at " + endpoint + ": " + what + ", more than eksnode reads from one answer");
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }
}
