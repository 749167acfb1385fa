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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The EC2 API on loopback, for the calls eksnode falls back to: {@code DescribeInstanceTypes} (with
 * {@code InstanceType.N}, {@code MaxResults} and {@code NextToken} paging) and {@code
 * DescribeInstances} (with {@code InstanceId.N}). Speaks the EC2 Query protocol: form-encoded POSTs,
 * XML answers shaped like the real service's, errors as {@code <Response><Errors>}. Requests must be
 * SigV4-signed (any key is accepted; signatures are not checked). Counts requests, so a test can
 * assert that a happy-path boot made none.
 *
 * <p>The fixture is JSON: {@code {"pageSize": 100, "instanceTypes": ..., "instances": [...]}}. {@code
 * instanceTypes} is either a list of objects with an {@code instanceType} field or an object keyed by
 * instance type (the format of eksnode's baked table); each has {@code vcpus}, {@code memoryMiB},
 * {@code maximumNetworkInterfaces}, {@code ipv4AddressesPerInterface}, {@code hypervisor} ({@code
 * nitro}, {@code xen}, or empty for bare metal) and optionally {@code networkCards} ({@code
 * [{"networkCardIndex": 0, "maximumNetworkInterfaces": 2}]}) with {@code defaultNetworkCardIndex}.
 * {@code instances} have {@code instanceId}, {@code instanceType}, {@code availabilityZone}, {@code
 * privateDnsName}, {@code privateIpAddress} and optionally {@code ipv6Address}.
 *
 * <p>Point the AWS SDK at it with {@code AWS_ENDPOINT_URL_EC2=}{@link #endpoint()}; {@link
 * #environment()} adds dummy credentials.
 */
public final class Ec2Emulator implements AutoCloseable {

  private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final int DEFAULT_PAGE_SIZE = 100;

  private final HttpServer server;
  private final Map<String, JsonNode> instanceTypes;
  private final Map<String, JsonNode> instances;
  private final int pageSize;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final FaultPlan faults = new FaultPlan();

  private Ec2Emulator(JsonNode fixture) throws IOException {
    this.instanceTypes = byName(fixture.path("instanceTypes"), "instanceType");
    this.instances = byName(fixture.path("instances"), "instanceId");
    this.pageSize = fixture.path("pageSize").asInt(DEFAULT_PAGE_SIZE);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    // Platform threads: socket I/O on virtual threads starts the JDK's poller, which delays JVM exit by 300 ms.
    server.setExecutor(Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
    server.start();
  }

  /** Starts an emulator serving the fixture in {@code json}. */
  public static Ec2Emulator start(String json) throws IOException {
    return new Ec2Emulator(new ObjectMapper().readTree(json));
  }

  /** Starts an emulator serving the fixture file {@code fixture}. */
  public static Ec2Emulator start(Path fixture) throws IOException {
    return start(Files.readString(fixture));
  }

  /** An emulator that knows nothing: every instance type and instance is unknown to it. */
  public static Ec2Emulator empty() throws IOException {
    return start("{}");
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40124}; the value for {@code AWS_ENDPOINT_URL_EC2}. */
  public URI endpoint() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  /** {@code AWS_ENDPOINT_URL_EC2} and dummy static credentials, for the SDK's EC2 client. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ENDPOINT_URL_EC2", endpoint().toString(),
        "AWS_ACCESS_KEY_ID", "AKIAEMULATOR00000000",
        "AWS_SECRET_ACCESS_KEY", "emulator-secret-key-not-checked");
  }

  /** How many requests each action got, e.g. {@code DescribeInstanceTypes=2}; sorted. */
  public Map<String, Integer> requests() {
    Map<String, Integer> counts = new TreeMap<>();
    requests.forEach((action, count) -> counts.put(action, count.get()));
    return counts;
  }

  /** Every request, any action. */
  public int totalRequests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Injects {@code faults} into the next answers, in addition to those still pending; see {@link Fault}. */
  public void faults(Fault... faults) {
    for (Fault fault : faults) {
      switch (fault) {
        case Fault.Status f -> this.faults.add(f, f.count());
        case Fault.Latency f -> this.faults.add(f, f.count());
        case Fault.Truncated f -> this.faults.add(f, f.count());
        case Fault.Malformed f -> this.faults.add(f, f.count());
        case Fault.Throttle f -> this.faults.add(f, f.count());
        case Fault.ExpiredToken f -> throw new IllegalArgumentException("the EC2 emulator has no session tokens: " + f);
        case Fault.TokenEndpointDisabled f -> throw new IllegalArgumentException("the EC2 emulator has no token endpoint: " + f);
        case Fault.RefuseFor f -> throw new IllegalArgumentException("the EC2 emulator does not refuse connections: " + f);
        case Fault.Answer f -> throw new IllegalArgumentException("the EC2 emulator serves its fixture, not metadata paths: " + f);
        case Fault.Flood f -> throw new IllegalArgumentException("the EC2 emulator serves its fixture, not metadata paths: " + f);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> form = new LinkedHashMap<>();
      if (exchange.getRequestMethod().equals("POST")) {
        parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), form);
      }
      String query = exchange.getRequestURI().getRawQuery();
      if (query != null) {
        parseForm(query, form);
      }
      String action = first(form, "Action");
      requests.computeIfAbsent(action.isEmpty() ? "(none)" : action, k -> new AtomicInteger()).incrementAndGet();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
        error(exchange, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
        return;
      }
      if (injectFault(exchange)) {
        return;
      }
      switch (action) {
        case "DescribeInstanceTypes" -> describeInstanceTypes(exchange, form);
        case "DescribeInstances" -> describeInstances(exchange, form);
        default -> error(exchange, 400, "InvalidAction", "The action " + action + " is not valid for this web service.");
      }
    }
  }

  private void describeInstanceTypes(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
    List<String> wanted = indexed(form, "InstanceType");
    List<JsonNode> selected = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (wanted.isEmpty()) {
      selected.addAll(instanceTypes.values());
    } else {
      for (String name : wanted) {
        JsonNode type = instanceTypes.get(name);
        if (type == null) {
          unknown.add(name);
        } else {
          selected.add(type);
        }
      }
    }
    if (!unknown.isEmpty()) {
      error(exchange, 400, "InvalidInstanceType", "The following supplied instance types do not exist: [" + String.join(", ", unknown) + "]");
      return;
    }
    Page page = page(selected, form);
    StringBuilder xml = document("DescribeInstanceTypesResponse").append("  <instanceTypeSet>\n");
    for (JsonNode type : page.items()) {
      xml.append("    <item>\n");
      element(xml, 6, "instanceType", text(type, "instanceType"));
      if (!text(type, "hypervisor").isEmpty()) {
        element(xml, 6, "hypervisor", text(type, "hypervisor"));
      }
      xml.append("      <vCpuInfo>\n");
      element(xml, 8, "defaultVCpus", text(type, "vcpus"));
      xml.append("      </vCpuInfo>\n      <memoryInfo>\n");
      element(xml, 8, "sizeInMiB", text(type, "memoryMiB"));
      xml.append("      </memoryInfo>\n      <networkInfo>\n");
      element(xml, 8, "maximumNetworkInterfaces", text(type, "maximumNetworkInterfaces"));
      element(xml, 8, "ipv4AddressesPerInterface", text(type, "ipv4AddressesPerInterface"));
      if (type.has("networkCards")) {
        element(xml, 8, "defaultNetworkCardIndex", type.path("defaultNetworkCardIndex").asText("0"));
        xml.append("        <networkCards>\n");
        for (JsonNode card : type.path("networkCards")) {
          xml.append("          <item>\n");
          element(xml, 12, "networkCardIndex", card.path("networkCardIndex").asText("0"));
          element(xml, 12, "maximumNetworkInterfaces", text(card, "maximumNetworkInterfaces"));
          xml.append("          </item>\n");
        }
        xml.append("        </networkCards>\n");
      }
      xml.append("      </networkInfo>\n    </item>\n");
    }
    xml.append("  </instanceTypeSet>\n");
    if (page.nextToken() != null) {
      element(xml, 2, "nextToken", page.nextToken());
    }
    send(exchange, 200, xml.append("</DescribeInstanceTypesResponse>\n").toString());
  }

  private void describeInstances(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
    List<String> wanted = indexed(form, "InstanceId");
    List<JsonNode> selected = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    if (wanted.isEmpty()) {
      selected.addAll(instances.values());
    }
    for (String id : wanted) {
      JsonNode instance = instances.get(id);
      if (instance == null) {
        unknown.add(id);
      } else {
        selected.add(instance);
      }
    }
    if (!unknown.isEmpty()) {
      error(exchange, 400, "InvalidInstanceID.NotFound", "The instance IDs '" + String.join(", ", unknown) + "' do not exist");
      return;
    }
    StringBuilder xml = document("DescribeInstancesResponse").append("  <reservationSet>\n");
    for (JsonNode instance : selected) {
      xml.append("    <item>\n");
      element(xml, 6, "reservationId", "r-" + text(instance, "instanceId").replaceFirst("^i-", ""));
      element(xml, 6, "ownerId", "123456789012");
      xml.append("      <instancesSet>\n        <item>\n");
      element(xml, 10, "instanceId", text(instance, "instanceId"));
      element(xml, 10, "instanceType", text(instance, "instanceType"));
      xml.append("          <placement>\n");
      element(xml, 12, "availabilityZone", text(instance, "availabilityZone"));
      xml.append("          </placement>\n");
      element(xml, 10, "privateDnsName", text(instance, "privateDnsName"));
      element(xml, 10, "privateIpAddress", text(instance, "privateIpAddress"));
      String ipv6 = text(instance, "ipv6Address");
      if (!ipv6.isEmpty()) {
        element(xml, 10, "ipv6Address", ipv6);
      }
      xml.append("          <networkInterfaceSet>\n            <item>\n");
      element(xml, 14, "networkInterfaceId", "eni-" + text(instance, "instanceId").replaceFirst("^i-", ""));
      element(xml, 14, "privateIpAddress", text(instance, "privateIpAddress"));
      xml.append("              <attachment>\n");
      element(xml, 16, "deviceIndex", "0");
      xml.append("              </attachment>\n");
      if (!ipv6.isEmpty()) {
        xml.append("              <ipv6AddressesSet>\n                <item>\n");
        element(xml, 18, "ipv6Address", ipv6);
        xml.append("                </item>\n              </ipv6AddressesSet>\n");
      }
      xml.append("            </item>\n          </networkInterfaceSet>\n        </item>\n      </instancesSet>\n    </item>\n");
    }
    send(exchange, 200, xml.append("  </reservationSet>\n</DescribeInstancesResponse>\n").toString());
  }

  private record Page(List<JsonNode> items, String nextToken) {}

  private Page page(List<JsonNode> all, Map<String, List<String>> form) {
    int size = pageSize;
    String maxResults = first(form, "MaxResults");
    if (!maxResults.isEmpty()) {
      size = Math.min(size, Integer.parseInt(maxResults));
    }
    int from = 0;
    String token = first(form, "NextToken");
    if (!token.isEmpty()) {
      from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).substring("page-from-".length()));
    }
    int to = Math.min(all.size(), from + size);
    String next = to < all.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(("page-from-" + to).getBytes(StandardCharsets.UTF_8))
        : null;
    return new Page(all.subList(from, to), next);
  }

  private static Map<String, JsonNode> byName(JsonNode node, String nameField) {
    Map<String, JsonNode> byName = new TreeMap<>();
    if (node.isArray()) {
      node.forEach(item -> byName.put(item.path(nameField).asText(), item));
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        var copy = ((com.fasterxml.jackson.databind.node.ObjectNode) entry.getValue()).deepCopy();
        copy.put(nameField, entry.getKey());
        byName.put(entry.getKey(), copy);
      }
    }
    return byName;
  }

  private static void parseForm(String body, Map<String, List<String>> form) {
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> values = form.get(key);
    return values == null || values.isEmpty() ? "" : values.getFirst();
  }

  /** {@code Name.1}, {@code Name.2}, ... in index order. */
  private static List<String> indexed(Map<String, List<String>> form, String name) {
    Map<Integer, String> values = new TreeMap<>();
    form.forEach((key, list) -> {
      if (key.startsWith(name + ".") && key.substring(name.length() + 1).matches("\\d+")) {
        values.put(Integer.parseInt(key.substring(name.length() + 1)), list.getFirst());
      }
    });
    return new ArrayList<>(values.values());
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).asText("");
  }

  private static StringBuilder document(String root) {
    return new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
        .append(root).append(" xmlns=\"").append(NAMESPACE).append("\">\n  <requestId>")
        .append(UUID.randomUUID()).append("</requestId>\n");
  }

  private static void element(StringBuilder xml, int indent, String name, String value) {
    xml.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    send(exchange, status,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + escape(code) + "</Code><Message>"
            + escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID() + "</RequestID></Response>\n");
  }

  /** Answers with the next pending fault, if any; true when it did. */
  private boolean injectFault(HttpExchange exchange) throws IOException {
    Fault.Latency latency = faults.take(Fault.Latency.class);
    if (latency != null) {
      FaultPlan.sleep(latency.delay());
    }
    if (faults.take(Fault.Throttle.class) != null) {
      error(exchange, 400, "RequestLimitExceeded", "Request limit exceeded.");
      return true;
    }
    Fault.Status status = faults.take(Fault.Status.class);
    if (status != null) {
      error(exchange, status.code(), status.code() == 503 ? "Unavailable" : "InternalError", "injected fault: HTTP " + status.code());
      return true;
    }
    if (faults.take(Fault.Malformed.class) != null) {
      send(exchange, 200, "<?xml version=\"1.0\"?>\n<DescribeInstanceTypesResponse><instanceTypeSet><item><instanceType>");
      return true;
    }
    if (faults.take(Fault.Truncated.class) != null) {
      exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
      exchange.sendResponseHeaders(200, 4096);
      OutputStream out = exchange.getResponseBody();
      out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeInstance".getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    }
    return false;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
