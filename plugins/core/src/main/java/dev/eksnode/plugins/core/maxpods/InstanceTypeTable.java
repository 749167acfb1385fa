package dev.eksnode.plugins.core.maxpods;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.node.text.JsonText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table of instance types and their limits, as baked at image build ({@value #BAKED_PATH}) from EC2
 * {@code DescribeInstanceTypes}, or built into eksnode for {@code eksnode max-pods}.
 *
 * <p>The file is JSON: {@code {"source": ..., "region": ..., "instanceTypes": {"m5.large": {"vcpus":
 * 2, "memoryMiB": 8192, "maximumNetworkInterfaces": 3, "ipv4AddressesPerInterface": 10, "hypervisor":
 * "nitro"}, ...}}}, one instance type per line, sorted by name, so a rebuilt image with the same data
 * writes the same bytes.
 *
 * @param source where the data came from, e.g. {@code ec2:DescribeInstanceTypes}
 * @param region the region it was read in (instance types differ little between regions)
 * @param types by instance type name
 */
public record InstanceTypeTable(String source, String region, Map<String, InstanceTypeLimits> types) {

  /** Where the image phase bakes the table. */
  public static final String BAKED_PATH = "/etc/eksnode/instance-types.json";

  private static final String BUILT_IN_RESOURCE = "instance-types.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public InstanceTypeTable {
    types = java.util.Collections.unmodifiableMap(new TreeMap<>(types));
  }

  /** A table of {@code types}. */
  public static InstanceTypeTable of(String source, String region, Collection<InstanceTypeLimits> types) {
    Map<String, InstanceTypeLimits> byName = new TreeMap<>();
    types.forEach(limits -> byName.put(limits.instanceType(), limits));
    return new InstanceTypeTable(source, region, byName);
  }

  public Optional<InstanceTypeLimits> find(String instanceType) {
    return Optional.ofNullable(types.get(instanceType));
  }

  /** The table shipped inside eksnode: common instance types, for {@code eksnode max-pods}. */
  public static InstanceTypeTable builtIn() {
    try (InputStream in = InstanceTypeTable.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the built-in instance type table is missing from the core plugin");
      }
      return parse("built-in instance type table", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a table.
   *
   * @param name the file, for messages
   * @throws IllegalArgumentException naming the file and the entry when the table is malformed
   */
  public static InstanceTypeTable parse(String name, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(name + ": not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("instanceTypes").isObject()) {
      throw new IllegalArgumentException(name + ": no \"instanceTypes\" object");
    }
    List<InstanceTypeLimits> types = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.path("instanceTypes").properties()) {
      JsonNode type = entry.getValue();
      String where = name + ": instanceTypes." + entry.getKey();
      types.add(
          new InstanceTypeLimits(
              entry.getKey(),
              positive(type, "vcpus", where),
              positive(type, "memoryMiB", where),
              positive(type, "maximumNetworkInterfaces", where),
              positive(type, "ipv4AddressesPerInterface", where),
              type.path("hypervisor").asText("")));
    }
    return of(root.path("source").asText(""), root.path("region").asText(""), types);
  }

  private static int positive(JsonNode type, String field, String where) {
    JsonNode value = type.get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalArgumentException(where + "." + field + ": needs a positive integer, found " + value);
    }
    return value.asInt();
  }

  /** The table as its file content, one instance type per line. */
  public String render() {
    StringBuilder out = new StringBuilder("{\n");
    out.append("  \"source\": ");
    JsonText.quote(out, source);
    out.append(",\n  \"region\": ");
    JsonText.quote(out, region);
    out.append(",\n  \"instanceTypes\": {");
    int i = 0;
    for (InstanceTypeLimits limits : types.values()) {
      out.append(i++ == 0 ? "\n" : ",\n").append("    ");
      JsonText.quote(out, limits.instanceType());
      out.append(": {\"vcpus\": ").append(limits.vcpus())
          .append(", \"memoryMiB\": ").append(limits.memoryMiB())
          .append(", \"maximumNetworkInterfaces\": ").append(limits.maximumNetworkInterfaces())
          .append(", \"ipv4AddressesPerInterface\": ").append(limits.ipv4AddressesPerInterface())
          .append(", \"hypervisor\": ");
      JsonText.quote(out, limits.hypervisor());
      out.append('}');
    }
    out.append(types.isEmpty() ? "}\n}\n" : "\n  }\n}\n");
    return out.toString();
  }
}
