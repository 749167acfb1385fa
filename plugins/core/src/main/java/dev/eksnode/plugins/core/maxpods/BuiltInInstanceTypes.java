package dev.eksnode.plugins.core.maxpods;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The instance type table built into eksnode ({@value #RESOURCE} beside this class): every current EC2
 * instance type's ENI and IPv4 limits, so neither a boot nor {@code eksnode max-pods} needs EC2 for
 * them.
 *
 * <p>The resource is text, one instance type a line, sorted by name (Java's {@link String#compareTo},
 * which is {@code LC_ALL=C sort}); lines starting with {@code #} are comments. The columns, separated
 * by one space: type, ENIs of the default network card, IPv4 addresses per ENI, hypervisor ({@code
 * nitro} or {@code xen}), default vCPUs, memory in MiB; {@code -} where a value is not known. A lookup
 * reads the resource (about 40 KB) and parses only the line it needs: a boot pays for one read and
 * one string search, not for building a table.
 * {@code plugins/core/src/main/scripts/instance-types-from-ec2} writes the resource from EC2 {@code
 * DescribeInstanceTypes} output.
 */
public final class BuiltInInstanceTypes {

  static final String RESOURCE = "instance-types.txt";

  /** How derivations name this table. */
  public static final String SOURCE = "the built-in table";

  private BuiltInInstanceTypes() {}

  /** The limits of {@code instanceType}, empty when the table does not hold it. */
  public static Optional<InstanceTypeLimits> find(String instanceType) {
    String table = text();
    String key = instanceType + " ";
    int at = table.startsWith(key) ? 0 : table.indexOf("\n" + key);
    if (at < 0 || instanceType.isEmpty()) {
      return Optional.empty();
    }
    int start = at == 0 ? 0 : at + 1;
    int end = table.indexOf('\n', start);
    String line = table.substring(start, end < 0 ? table.length() : end);
    return Optional.of(parse(line, () -> (int) table.substring(0, start).chars().filter(c -> c == '\n').count() + 1));
  }

  /** Every instance type of the table, in its order. */
  public static List<InstanceTypeLimits> all() {
    List<InstanceTypeLimits> types = new ArrayList<>();
    String[] lines = text().split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("#")) {
        int number = i + 1;
        types.add(parse(lines[i], () -> number));
      }
    }
    return types;
  }

  /** The resource, read whole: about 40 KB, one inflate and one copy, searched without splitting. */
  private static String text() {
    try (InputStream in = BuiltInInstanceTypes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the built-in instance type table " + RESOURCE + " is missing from the core plugin");
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the built-in instance type table: " + e.getMessage(), e);
    }
  }

  /**
   * One line of the table; {@code number} (its line number, for messages) is asked only when it is malformed.
   *
   * @throws IllegalArgumentException naming the line and the column when it is malformed
   */
  static InstanceTypeLimits parse(String line, IntSupplier number) {
    String[] columns = line.split(" ", -1);
    Supplier<String> where = () -> RESOURCE + " line " + number.getAsInt();
    if (columns.length != 6) {
      throw new IllegalArgumentException(where.get() + ": needs 6 columns (type, ENIs, IPv4 per ENI, hypervisor, vCPUs, memory MiB), found "
          + columns.length + ": " + line);
    }
    String hypervisor = columns[3];
    if (!hypervisor.equals("nitro") && !hypervisor.equals("xen")) {
      throw new IllegalArgumentException(where.get() + ": hypervisor of " + columns[0] + " must be nitro or xen, found " + hypervisor);
    }
    OptionalInt vcpus = columns[4].equals("-") ? OptionalInt.empty() : OptionalInt.of((int) positive(columns[4], "vCPUs", where));
    OptionalLong memory = columns[5].equals("-") ? OptionalLong.empty() : OptionalLong.of(positive(columns[5], "memory", where));
    return new InstanceTypeLimits(
        columns[0], vcpus, memory, (int) positive(columns[1], "ENIs", where), (int) positive(columns[2], "IPv4 per ENI", where), hypervisor);
  }

  private static long positive(String text, String column, Supplier<String> where) {
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      value = 0;
    }
    if (value < 1 || (!column.equals("memory") && value > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(where.get() + ": " + column + " needs a positive whole number or -, found " + text);
    }
    return value;
  }
}
