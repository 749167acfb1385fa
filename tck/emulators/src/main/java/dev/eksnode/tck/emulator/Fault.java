package dev.eksnode.tck.emulator;

import java.time.Duration;

/**
 * A fault an emulator injects into its next answers, to test how eksnode retries and gives up. Each
 * counted fault affects the next {@code count} requests it applies to and then clears; {@link
 * #FOREVER} never clears. {@link MetadataEmulator} honours every fault but {@link Throttle}; {@link
 * Ec2Emulator} honours {@link Status}, {@link Latency}, {@link Truncated}, {@link Malformed} and {@link
 * Throttle}.
 */
public sealed interface Fault {

  /** A count that never runs out. */
  int FOREVER = Integer.MAX_VALUE;

  /** The next {@code count} data requests answer HTTP {@code code} (500, 503, ...) with a short body. */
  record Status(int code, int count) implements Fault {}

  /** The next {@code count} requests, token requests included, are answered only after {@code delay}. */
  record Latency(Duration delay, int count) implements Fault {}

  /** The next {@code count} metadata GETs answer 401, as when a session token expires mid-run. */
  record ExpiredToken(int count) implements Fault {}

  /** The next {@code count} token requests ({@code PUT /latest/api/token}) answer 403, as with IMDSv2 disabled. */
  record TokenEndpointDisabled(int count) implements Fault {}

  /**
   * The listening socket closes now and reopens on the same port after {@code duration}: connections
   * are refused meanwhile.
   */
  record RefuseFor(Duration duration) implements Fault {}

  /** The next {@code count} data answers promise their full length but stop halfway and close the connection. */
  record Truncated(int count) implements Fault {}

  /** The next {@code count} data answers are 200 with a body that is not what the API returns (not XML, not text). */
  record Malformed(int count) implements Fault {}

  /** The next {@code count} EC2 requests answer 400 {@code RequestLimitExceeded}, EC2's throttling error. */
  record Throttle(int count) implements Fault {}

  /**
   * The next {@code count} requests of {@code path} (a path under {@code /latest/}, e.g. {@code
   * meta-data/instance-id}, or {@code api/token} for the session token) answer 200 with {@code body}, as
   * it is: a NUL byte, a newline, a value in the wrong format.
   */
  record Answer(String path, byte[] body, int count) implements Fault {
    public Answer {
      body = body.clone();
    }

    /** {@code body} as UTF-8. */
    public Answer(String path, String body, int count) {
      this(path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), count);
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * The next {@code count} requests of {@code path} (as in {@link Answer}) answer 200 with {@code bytes}
   * bytes of {@code a}, streamed without a length and never held in memory: an answer far longer than
   * any metadata value.
   */
  record Flood(String path, long bytes, int count) implements Fault {}
}
