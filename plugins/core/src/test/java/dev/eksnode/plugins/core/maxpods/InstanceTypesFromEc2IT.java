package dev.eksnode.plugins.core.maxpods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.plugins.core.TestTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * {@code plugins/core/src/main/scripts/instance-types-from-ec2} turns EC2 {@code DescribeInstanceTypes}
 * output (the committed fixture: two pages of one region and one page of another) into the built-in
 * table's format, with bash and jq as a maintainer runs it.
 */
class InstanceTypesFromEc2IT {

  private static final Path SCRIPT = Path.of("src/main/scripts/instance-types-from-ec2");
  private static final Path FIXTURE = Path.of("src/test/resources/dev/eksnode/plugins/core/maxpods/describe-instance-types");

  private static TestTools.Result script(String... inputs) throws Exception {
    List<String> command = new ArrayList<>(List.of(TestTools.tool("bash").toString(), SCRIPT.toString()));
    TestTools.tool("jq");
    for (String input : inputs) {
      command.add(FIXTURE.resolve(input).toString());
    }
    return TestTools.run(command);
  }

  @Test
  void writesOneSortedLinePerTypeWithTheDefaultCardsEnis() throws Exception {
    TestTools.Result result = script("us-west-2-page-1.json", "us-west-2-page-2.json", "eu-west-1.json");
    assertEquals(0, result.exit(), result.stderr());
    List<String> rows = result.stdout().lines().filter(line -> !line.startsWith("#")).toList();
    assertEquals(
        List.of(
            "c5.metal 15 50 nitro 96 196608",
            "c6in.32xlarge 8 50 nitro 128 262144",
            "m4.xlarge 4 15 xen 4 16384",
            "m5.large 3 10 nitro 2 8192",
            "p5.48xlarge 2 50 nitro 192 2097152"),
        rows);
    assertTrue(result.stdout().startsWith("# eksnode's built-in instance type table"), result.stdout());
  }

  @Test
  void itsOutputIsWhatTheBuiltInTableParses() throws Exception {
    TestTools.Result result = script("us-west-2-page-1.json");
    List<InstanceTypeLimits> parsed = new ArrayList<>();
    int number = 0;
    for (String line : result.stdout().lines().toList()) {
      number++;
      if (!line.startsWith("#")) {
        int lineNumber = number;
        parsed.add(BuiltInInstanceTypes.parse(line, () -> lineNumber));
      }
    }
    assertEquals(
        new InstanceTypeLimits("p5.48xlarge", OptionalInt.of(192), OptionalLong.of(2097152), 2, 50, "nitro"),
        parsed.stream().filter(l -> l.instanceType().equals("p5.48xlarge")).findFirst().orElseThrow());
    assertEquals(Optional.of("xen"), parsed.stream().filter(l -> l.instanceType().equals("m4.xlarge")).map(InstanceTypeLimits::hypervisor).findFirst());
  }

  @Test
  void inputsThatDisagreeOnATypeWriteNothingAndExit2() throws Exception {
    TestTools.Result result = script("us-west-2-page-1.json", "disagreeing.json");
    assertEquals(2, result.exit());
    assertEquals("", result.stdout());
    assertTrue(result.stderr().contains("disagreeing.json: m5.large: \"m5.large 4 10 nitro 2 8192\" disagrees with \"m5.large 3 10 nitro 2 8192\""),
        result.stderr());
  }

  @Test
  void passesShellcheck() throws Exception {
    TestTools.Result result = TestTools.run(List.of(TestTools.tool("shellcheck").toString(), "--severity=style", SCRIPT.toString()));
    assertEquals(0, result.exit(), result.stdout() + result.stderr());
  }

  @Test
  void somethingElseThanDescribeInstanceTypesOutputExits2() throws Exception {
    TestTools.Result result = TestTools.run(List.of(TestTools.tool("bash").toString(), SCRIPT.toString(), SCRIPT.toString()));
    assertEquals(2, result.exit());
    assertTrue(result.stderr().contains("not DescribeInstanceTypes output"), result.stderr());
  }
}
