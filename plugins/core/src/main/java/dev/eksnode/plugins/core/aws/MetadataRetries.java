package dev.eksnode.plugins.core.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.imds.Ec2MetadataClientException;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * How instance metadata calls are retried, for every reader: the SDK retries one call {@value
 * #RETRIES} times with full jitter at most {@link #SDK_MAX_BACKOFF} apart, and the reader then tries
 * again with jittered backoff at most one second apart until its deadline. Short gaps matter more than
 * few attempts here: metadata is link-local, and a service that comes back must be seen within about
 * a second, not after a back-off that outlasts the deadline (the SDK's default grows to 20 s).
 */
public final class MetadataRetries {

  /** The SDK's retries per call, and the reader's attempts after a 401 (a fresh token each). */
  public static final int RETRIES = 6;

  static final Duration SDK_MAX_BACKOFF = Duration.ofMillis(500);
  private static final long MAX_BACKOFF_MILLIS = 1_000;

  private static final Logger LOGGER = LoggerFactory.getLogger(MetadataRetries.class);

  private MetadataRetries() {}

  /** The SDK's retry policy for an {@code Ec2MetadataClient}. */
  public static Ec2MetadataRetryPolicy policy() {
    return Ec2MetadataRetryPolicy.builder()
        .numRetries(RETRIES)
        .backoffStrategy(context -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(
            Math.min(SDK_MAX_BACKOFF.toMillis(), 50L << Math.min(context.retriesAttempted(), 4)) + 1)))
        .build();
  }

  /**
   * Calls {@code call} (one SDK call, with the SDK's own retries) again after a 401 (an expired or
   * revoked token: the next call asks for a fresh one, at most {@value #RETRIES} times) and after an
   * unreachable endpoint (refused, reset), with jittered backoff, the last pause shortened to end at
   * the deadline. Whatever it cannot retry, or the last failure at the deadline, it rethrows.
   *
   * @param what for the debug log, e.g. {@code IMDS meta-data/mac}
   * @throws InterruptedException when interrupted while pausing
   */
  public static <T> T untilDeadline(Supplier<T> call, long deadlineNanos, String what) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (Ec2MetadataClientException e) {
        if (e.statusCode() != 401 || attempt > RETRIES || System.nanoTime() > deadlineNanos) {
          throw e;
        }
        LOGGER.debug("{}: 401, retrying with a fresh token", what);
      } catch (SdkClientException e) {
        long pause = Math.min(backoffMillis(attempt), (deadlineNanos - System.nanoTime()) / 1_000_000);
        if (pause <= 0) {
          throw e;
        }
        LOGGER.debug("{}: {}; retrying in {} ms", what, e.getMessage(), pause);
        Thread.sleep(pause);
      }
    }
  }

  /** The pause before the reader's {@code attempt}-th own attempt (1-based): jittered, growing, at most one second. */
  static long backoffMillis(int attempt) {
    long backoff = Math.min(MAX_BACKOFF_MILLIS, 100L << Math.min(attempt, 4));
    return ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1);
  }
}
