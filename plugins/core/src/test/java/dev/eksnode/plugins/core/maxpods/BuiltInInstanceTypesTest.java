package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table built into eksnode: max pods of every type against the formula, worked out here from the
 * resource's raw columns, and the values of FACTS.md.
 */
class BuiltInInstanceTypesTest {

  /** The resource's data lines split into columns, read here without the production parser. */
  private static List<String[]> rawRows() throws IOException {
    try (InputStream in = BuiltInInstanceTypes.class.getResourceAsStream(BuiltInInstanceTypes.RESOURCE)) {
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.startsWith("#")) {
          rows.add(line.split(" "));
        }
      }
      return rows;
    }
  }

  @Test
  void maxPodsOfEveryTypeIsTheFormulaOverItsRawNumbers() throws IOException {
    List<String[]> rows = rawRows();
    List<String> wrong = new ArrayList<>();
    for (String[] row : rows) {
      long expected = Long.parseLong(row[1]) * (Long.parseLong(row[2]) - 1) + 2;
      InstanceTypeLimits limits = BuiltInInstanceTypes.find(row[0]).orElseThrow(() -> new AssertionError(row[0] + " is not found"));
      int actual = MaxPods.compute(limits, MaxPodsPolicy.STANDARD, Optional.empty()).value();
      if (actual != expected) {
        wrong.add(row[0] + ": " + actual + " instead of " + expected);
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(rows.size() >= 1384, "only " + rows.size() + " instance types");
  }

  @ParameterizedTest
  @CsvSource({
    "m5.large, 29", "t3.medium, 17", "m5.xlarge, 58", "m4.xlarge, 58", "t3.micro, 4", "m5.4xlarge, 234",
    "m5.24xlarge, 737", "p5.48xlarge, 100", "c5.12xlarge, 234"
  })
  void givesTheFactsValues(String type, int pods) {
    assertEquals(pods, MaxPods.compute(BuiltInInstanceTypes.find(type).orElseThrow(), MaxPodsPolicy.STANDARD, Optional.empty()).value());
  }

  @Test
  void linesAreSortedOnceEachAndAllParse() throws IOException {
    List<String[]> rows = rawRows();
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(rows.get(i - 1)[0].compareTo(rows.get(i)[0]) < 0, rows.get(i - 1)[0] + " before " + rows.get(i)[0]);
    }
    assertEquals(rows.size(), BuiltInInstanceTypes.all().size());
  }

  @Test
  void holdsTheDefaultNetworkCardsLimitNotTheInstances() {
    InstanceTypeLimits p5 = BuiltInInstanceTypes.find("p5.48xlarge").orElseThrow();
    assertEquals(2, p5.maximumNetworkInterfaces());
    assertEquals(50, p5.ipv4AddressesPerInterface());
  }

  @Test
  void knowsXenFamiliesAndLeavesUnknownVcpusEmpty() {
    assertEquals("xen", BuiltInInstanceTypes.find("m4.xlarge").orElseThrow().hypervisor());
    assertEquals("nitro", BuiltInInstanceTypes.find("i3en.large").orElseThrow().hypervisor());
    assertEquals("nitro", BuiltInInstanceTypes.find("c5.metal").orElseThrow().hypervisor());
    assertEquals(2, BuiltInInstanceTypes.find("m5.large").orElseThrow().vcpus().getAsInt());
    assertTrue(BuiltInInstanceTypes.find("c5.12xlarge").orElseThrow().vcpus().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a0.nano", "m5.lrage", "m5.metal-1xl", "zz9.huge", "m5", ""})
  void missesTypesItDoesNotHold(String type) {
    assertFalse(BuiltInInstanceTypes.find(type).isPresent(), type);
  }

  @Test
  void findsTheFirstAndTheLastType() throws IOException {
    List<String[]> rows = rawRows();
    assertEquals(rows.getFirst()[0], BuiltInInstanceTypes.find(rows.getFirst()[0]).orElseThrow().instanceType());
    assertEquals(rows.getLast()[0], BuiltInInstanceTypes.find(rows.getLast()[0]).orElseThrow().instanceType());
  }

  @Test
  void malformedLinesAreNamedWithLineAndColumn() {
    assertEquals(
        "instance-types.txt line 7: ENIs needs a positive whole number or -, found 0",
        assertThrows(IllegalArgumentException.class, () -> BuiltInInstanceTypes.parse("m5.large 0 10 nitro - -", () -> 7)).getMessage());
    assertEquals(
        "instance-types.txt line 3: hypervisor of m5.large must be nitro or xen, found kvm",
        assertThrows(IllegalArgumentException.class, () -> BuiltInInstanceTypes.parse("m5.large 3 10 kvm - -", () -> 3)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BuiltInInstanceTypes.parse("m5.large 3 10", () -> 9)).getMessage()
        .startsWith("instance-types.txt line 9: needs 6 columns"));
  }
}
