package dev.eksnode.plugins.core.aws;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client that remembers how its last failed attempt failed (a status other than 404, which
 * answers "no such path", or an I/O error), so a
 * message about a deadline that ran out can name the last error the SDK's retries saw. Thread-safe.
 */
public final class LastErrorHttpClient implements SdkHttpClient {

  private final SdkHttpClient delegate;
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public LastErrorHttpClient(SdkHttpClient delegate) {
    this.delegate = delegate;
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
          return response;
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

  @Override
  public String clientName() {
    return delegate.clientName();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
