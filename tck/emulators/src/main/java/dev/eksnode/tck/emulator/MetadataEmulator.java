package dev.eksnode.tck.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EC2 instance metadata service (IMDSv2 only) on loopback, serving an instance description.
 *
 * <p>The description is JSON whose keys are metadata paths under {@code /latest/}, nested or flat:
 * {@code {"meta-data": {"instance-id": "i-1", "placement": {"region": "us-west-2"}}}} and {@code
 * {"meta-data/instance-id": "i-1"}} are the same. Strings are served as they are; {@code
 * "user-data-base64"} serves decoded bytes at {@code user-data} (for gzip'd user data). A path
 * ending in {@code /} lists its children, as IMDS does: {@code "block-device-mapping": {"ami": "/dev/xvda",
 * "ephemeral0": "sdb"}} answers {@code meta-data/block-device-mapping/} with {@code ami} and {@code
 * ephemeral0}, each then its device; a path not described answers 404 (as {@code
 * vpc-ipv6-cidr-blocks} does in a VPC without IPv6). GETs need a token from {@code PUT
 * /latest/api/token}; a missing, unknown or expired token gets 401. Point the AWS SDK at it with
 * {@code AWS_EC2_METADATA_SERVICE_ENDPOINT=}{@link #endpoint()}.
 */
public final class MetadataEmulator implements AutoCloseable {

  /** The key whose value, base64-decoded, is served at {@code user-data}. */
  public static final String USER_DATA_BASE64 = "user-data-base64";

  private volatile HttpServer server;
  private final int port;
  private final FaultPlan faults = new FaultPlan();
  private final Map<String, byte[]> values;
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  private MetadataEmulator(Map<String, byte[]> values, Clock clock) throws IOException {
    this.values = values;
    this.clock = clock;
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    listening.createContext("/", this::handle);
    // Platform threads: socket I/O on virtual threads starts the JDK's poller, which delays JVM exit by 300 ms.
    listening.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
    listening.start();
    return listening;
  }

  /** Starts an emulator serving the instance description in {@code json}. */
  public static MetadataEmulator start(String json) throws IOException {
    return new MetadataEmulator(flatten(new ObjectMapper().readTree(json)), Clock.systemUTC());
  }

  /** Starts an emulator serving the instance description file {@code instanceJson}. */
  public static MetadataEmulator start(Path instanceJson) throws IOException {
    return start(Files.readString(instanceJson));
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123}; the value for {@code AWS_EC2_METADATA_SERVICE_ENDPOINT}. */
  public URI endpoint() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port);
  }

  /** The environment variables that point the AWS SDK's metadata client at this emulator. */
  public Map<String, String> environment() {
    return Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint().toString());
  }

  /** Every session token this emulator has handed out, sorted: what a test checks no log or file holds. */
  public java.util.SortedSet<String> tokens() {
    return new java.util.TreeSet<>(tokens.keySet());
  }

  /** How many requests each path got, e.g. {@code GET /latest/meta-data/instance-id}; sorted. */
  public Map<String, Integer> requests() {
    Map<String, Integer> counts = new TreeMap<>();
    requests.forEach((path, count) -> counts.put(path, count.get()));
    return counts;
  }

  /**
   * Makes the next {@code times} GETs of {@code path} (e.g. {@code meta-data/instance-id}) answer 503,
   * as an overloaded metadata service does, to test retries.
   */
  public void failNext(String path, int times) {
    failures.put(path, new AtomicInteger(times));
  }

  /**
   * Injects {@code faults} into the next answers, in addition to those still pending; see {@link Fault}.
   * {@link Fault.RefuseFor} takes effect at once: the socket closes now and reopens on the same port.
   */
  public void faults(Fault... faults) {
    for (Fault fault : faults) {
      switch (fault) {
        case Fault.Status f -> this.faults.add(f, f.count());
        case Fault.Latency f -> this.faults.add(f, f.count());
        case Fault.ExpiredToken f -> this.faults.add(f, f.count());
        case Fault.TokenEndpointDisabled f -> this.faults.add(f, f.count());
        case Fault.Truncated f -> this.faults.add(f, f.count());
        case Fault.Malformed f -> this.faults.add(f, f.count());
        case Fault.RefuseFor f -> refuseFor(f.duration());
        case Fault.Answer f -> this.faults.add(f, f.count());
        case Fault.Flood f -> this.faults.add(f, f.count());
        case Fault.Throttle f -> throw new IllegalArgumentException("instance metadata does not throttle with EC2 errors: " + f);
      }
    }
  }

  private void refuseFor(java.time.Duration duration) {
    server.stop(0);
    Thread.ofPlatform().daemon().name("imds-reopen").start(() -> {
      FaultPlan.sleep(duration);
      for (int attempt = 1; ; attempt++) {
        try {
          server = listen(port);
          return;
        } catch (IOException e) {
          if (attempt == 50) {
            throw new java.io.UncheckedIOException("cannot reopen instance metadata on port " + port, e);
          }
          FaultPlan.sleep(java.time.Duration.ofMillis(100));
        }
      }
    });
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      requests.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
      Fault.Latency latency = faults.take(Fault.Latency.class);
      if (latency != null) {
        FaultPlan.sleep(latency.delay());
      }
      if (hostile(exchange, path.startsWith("/latest/") ? path.substring("/latest/".length()) : path)) {
        return;
      }
      if (path.equals("/latest/api/token")) {
        token(exchange, method);
        return;
      }
      if (!method.equals("GET")) {
        send(exchange, 405, "method not allowed");
        return;
      }
      String token = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
      Instant expiry = token == null ? null : tokens.get(token);
      if (expiry == null || !clock.instant().isBefore(expiry) || faults.take(Fault.ExpiredToken.class) != null) {
        send(exchange, 401, "");
        return;
      }
      if (!path.startsWith("/latest/")) {
        send(exchange, 404, "not found");
        return;
      }
      String key = path.substring("/latest/".length());
      AtomicInteger failing = failures.get(key);
      if (failing != null && failing.getAndDecrement() > 0) {
        send(exchange, 503, "service unavailable");
        return;
      }
      Fault.Status status = faults.take(Fault.Status.class);
      if (status != null) {
        send(exchange, status.code(), "injected fault: HTTP " + status.code());
        return;
      }
      byte[] value = values.get(key.endsWith("/") ? key.substring(0, key.length() - 1) : key);
      if (value != null && !key.endsWith("/")) {
        if (faults.take(Fault.Truncated.class) != null) {
          truncated(exchange, value);
        } else if (faults.take(Fault.Malformed.class) != null) {
          send(exchange, 200, new byte[] {0, (byte) 0xff, '\n', (byte) 0xfe, 0});
        } else {
          send(exchange, 200, value);
        }
        return;
      }
      Set<String> children = children(key.endsWith("/") || key.isEmpty() ? key : key + "/");
      if (children.isEmpty()) {
        send(exchange, 404, "not found");
      } else {
        send(exchange, 200, String.join("\n", children));
      }
    }
  }

  /** Answers with a pending {@link Fault.Answer} or {@link Fault.Flood} for {@code key}; true when it did. */
  private boolean hostile(HttpExchange exchange, String key) throws IOException {
    Fault.Answer answer = faults.take(Fault.Answer.class, f -> f.path().equals(key));
    Fault.Flood flood = answer != null ? null : faults.take(Fault.Flood.class, f -> f.path().equals(key));
    if (answer == null && flood == null) {
      return false;
    }
    String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
    if (key.equals("api/token") && ttl != null) {
      // As a real token answer has it, so that a client reads the hostile body instead of stopping at the header.
      exchange.getResponseHeaders().add("X-aws-ec2-metadata-token-ttl-seconds", ttl);
    }
    if (answer != null) {
      send(exchange, 200, answer.body());
      return true;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, 0); // chunked: no length promised
    byte[] block = new byte[64 * 1024];
    java.util.Arrays.fill(block, (byte) 'a');
    try (OutputStream out = exchange.getResponseBody()) {
      for (long left = flood.bytes(); left > 0; left -= block.length) {
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    } catch (IOException e) {
      // the reader stopped reading: what a bounded reader does
    }
    return true;
  }

  private void token(HttpExchange exchange, String method) throws IOException {
    if (!method.equals("PUT")) {
      send(exchange, 405, "method not allowed");
      return;
    }
    if (faults.take(Fault.TokenEndpointDisabled.class) != null) {
      send(exchange, 403, "Forbidden");
      return;
    }
    String ttl = exchange.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
    int seconds;
    try {
      seconds = Integer.parseInt(ttl == null ? "" : ttl.strip());
    } catch (NumberFormatException e) {
      send(exchange, 400, "missing or invalid X-aws-ec2-metadata-token-ttl-seconds");
      return;
    }
    if (seconds < 1 || seconds > 21600) {
      send(exchange, 400, "X-aws-ec2-metadata-token-ttl-seconds must be 1..21600");
      return;
    }
    String token = UUID.randomUUID().toString();
    tokens.put(token, clock.instant().plusSeconds(seconds));
    exchange.getResponseHeaders().add("X-aws-ec2-metadata-token-ttl-seconds", String.valueOf(seconds));
    send(exchange, 200, token);
  }

  private Set<String> children(String prefix) {
    Set<String> names = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
      }
    }
    return names;
  }

  /** Promises all of {@code value} and sends half of it; the exchange's close then drops the connection. */
  private static void truncated(HttpExchange exchange, byte[] value) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, value.length + 64L);
    OutputStream out = exchange.getResponseBody();
    out.write(value, 0, value.length / 2);
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, byte[]> flatten(JsonNode root) {
    Map<String, byte[]> values = new TreeMap<>();
    flatten("", root, values);
    return values;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, byte[]> values) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = prefix.isEmpty() ? field.getKey() : prefix + "/" + field.getKey();
        if (key.equals(USER_DATA_BASE64)) {
          values.put("user-data", Base64.getMimeDecoder().decode(field.getValue().asText()));
        } else {
          flatten(key, field.getValue(), values);
        }
      }
    } else if (node.isArray()) {
      values.put(prefix, String.join("\n", streamText(node)).getBytes(StandardCharsets.UTF_8));
    } else {
      values.put(prefix, node.asText().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<String> streamText(JsonNode array) {
    java.util.ArrayList<String> items = new java.util.ArrayList<>();
    array.forEach(item -> items.add(item.asText()));
    return items;
  }
}
