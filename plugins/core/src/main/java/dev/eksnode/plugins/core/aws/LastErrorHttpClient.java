package dev.eksnode.plugins.core.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * An HTTP client that remembers how its last failed attempt failed (a status other than 404, which
 * answers "no such path", or an I/O error), so a
 * message about a deadline that ran out can name the last error the SDK's retries saw. Thread-safe.
 */
public final class LastErrorHttpClient implements SdkHttpClient {

  /**
   * The most one answer's body may hold: 64 KiB. Instance metadata answers are short (user data, the
   * longest, is at most 16 KiB); a longer one is cut off, and {@link #oversized()} says so.
   */
  public static final int MAX_ANSWER_BYTES = 64 * 1024;

  private final SdkHttpClient delegate;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicReference<String> oversized = new AtomicReference<>();

  public LastErrorHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
  }

  /**
   * A client for instance metadata: plain HTTP over {@link HttpURLConnection}, never through a proxy
   * (metadata is link-local, and a proxy would answer for the wrong host).
   *
   * <p>It hands the SDK a connection factory of its own: without one, the SDK's {@code
   * UrlConnectionHttpClient} builds a TLS context at construction (the JDK's trust store parsed, its
   * certificates and the TLS classes loaded), tens of milliseconds on every boot for an endpoint that
   * is never HTTPS.
   */
  public static LastErrorHttpClient forMetadata(Duration connectTimeout, Duration readTimeout) {
    int connect = (int) Math.max(1, connectTimeout.toMillis());
    int read = (int) Math.max(1, readTimeout.toMillis());
    return new LastErrorHttpClient(UrlConnectionHttpClient.create(uri -> {
      try {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout(connect);
        connection.setReadTimeout(read);
        return connection;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  /**
   * The first answer that was longer than {@value #MAX_ANSWER_BYTES} bytes, e.g. {@code PUT
   * /latest/api/token answered more than 65536 bytes}; a reader gives up on it instead of retrying.
   */
  public java.util.Optional<String> oversized() {
    return java.util.Optional.ofNullable(oversized.get());
  }

  /** The last failed attempt, e.g. {@code PUT /latest/api/token: HTTP 403} or {@code GET ...: Connection refused}; "none" before any. */
  public String lastError() {
    String last = lastError.get();
    return last == null ? "none" : last;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    ExecutableHttpRequest prepared = delegate.prepareRequest(request);
    String what = request.httpRequest().method() + " " + request.httpRequest().encodedPath();
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        try {
          HttpExecuteResponse response = prepared.call();
          if (!response.httpResponse().isSuccessful() && response.httpResponse().statusCode() != 404) {
            lastError.set(what + ": HTTP " + response.httpResponse().statusCode());
          }
          if (response.responseBody().isEmpty()) {
            return response;
          }
          AbortableInputStream body = response.responseBody().get();
          return HttpExecuteResponse.builder()
              .response(response.httpResponse())
              .responseBody(AbortableInputStream.create(new Bounded(body, what), body))
              .build();
        } catch (IOException | RuntimeException e) {
          lastError.set(what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
          throw e;
        }
      }

      @Override
      public void abort() {
        prepared.abort();
      }
    };
  }

  /** An answer's body, cut off after {@value #MAX_ANSWER_BYTES} bytes with an error that says so. */
  private final class Bounded extends java.io.FilterInputStream {
    private final String what;
    private long read;

    Bounded(java.io.InputStream in, String what) {
      super(in);
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, (int) Math.min(length, MAX_ANSWER_BYTES + 1L - read));
      count(Math.max(0, n));
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > MAX_ANSWER_BYTES) {
        String message = what + " answered more than " + MAX_ANSWER_BYTES + " bytes";
        oversized.compareAndSet(null, message);
        lastError.set(message);
        throw new IOException(message);
      }
    }
  }

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
