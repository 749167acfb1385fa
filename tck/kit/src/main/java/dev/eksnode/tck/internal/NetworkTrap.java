package dev.eksnode.tck.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Catches connections to anything but loopback while a run is going on, best effort: it replaces the
 * JVM's default {@link ProxySelector}, which {@code HttpURLConnection}, {@code java.net.http.HttpClient}
 * (unless built with an explicit proxy setting) and plain {@code Socket}s consult. Each attempt is
 * recorded and sent to a loopback "proxy" that answers every request with {@code 403 Forbidden} and
 * hangs up, so it fails at once instead of reaching the network (a proxy that merely refused
 * connections would not do: {@code HttpURLConnection} then falls back to a direct connection).
 * Clients that bypass the selector (an explicit {@code NO_PROXY}, NIO channels, native code, DNS
 * lookups) are not seen. Global to the JVM while installed.
 */
public final class NetworkTrap extends ProxySelector implements AutoCloseable {

  private static final byte[] REFUSAL = ("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n"
      + "X-Eksnode-Tck: no network but the loopback emulators\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final ProxySelector previous;
  private final ServerSocket sinkhole;
  private final InetSocketAddress nowhere;
  private final List<String> attempts = Collections.synchronizedList(new ArrayList<>());

  private NetworkTrap(ProxySelector previous) throws IOException {
    this.previous = previous;
    this.sinkhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), sinkhole.getLocalPort());
    Thread.ofVirtual().name("eksnode-tck-network-trap").start(this::refuseAll);
  }

  /** Installs the trap as the default selector until {@link #close()}. */
  public static NetworkTrap install() {
    try {
      NetworkTrap trap = new NetworkTrap(ProxySelector.getDefault());
      ProxySelector.setDefault(trap);
      return trap;
    } catch (IOException e) {
      throw new dev.eksnode.spi.EksnodeException("cannot open the network trap on loopback: " + e.getMessage(), e);
    }
  }

  private void refuseAll() {
    while (!sinkhole.isClosed()) {
      try (Socket client = sinkhole.accept()) {
        client.getOutputStream().write(REFUSAL);
      } catch (IOException e) {
        // Closed, or the client hung up first: either way nothing reached the network.
      }
    }
  }

  /** The connections attempted, e.g. {@code http://192.0.2.1:80}, in order. */
  public List<String> attempts() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  @Override
  public List<Proxy> select(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (loopback(host)) {
      return List.of(Proxy.NO_PROXY);
    }
    attempts.add(uri.getScheme() + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
    Proxy.Type type = "socket".equals(uri.getScheme()) ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
    return List.of(new Proxy(type, nowhere));
  }

  private static boolean loopback(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException failure) {
    // Expected: the trap's proxy refuses every request.
  }

  @Override
  public void close() {
    ProxySelector.setDefault(previous);
    try {
      sinkhole.close();
    } catch (IOException e) {
      // Nothing to do: the socket is going away either way.
    }
  }
}
