package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksnode compliance report}, the compliance plugin's command, as the CLI dispatches it. */
class ComplianceCommandTest {

  @TempDir Path temp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
        .run(args);
  }

  private String noJars() throws IOException {
    return Files.createDirectories(temp.resolve("no-plugins")).toString();
  }

  @Test
  void reportOnAnUnhardenedRootPrintsEvidenceAndExits1() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));

    assertEquals(1, run("compliance", "report", "--profile", "fips", "--root", root.toString(), "--plugins-dir", noJars()));

    assertEquals("""
        compliance report: profiles fips (--profile)

        ID                  STATUS          TITLE
        fips-kernel         fail            The kernel runs in FIPS mode (fips=1)
                                            no boot loader entry with an options line under /boot/loader/entries
        fips-crypto-policy  fail            The system-wide crypto policy is FIPS
                                            crypto policy DEFAULT (no /etc/crypto-policies/config: DEFAULT)
        fips-aws-endpoints  fail            AWS API calls from node services use FIPS endpoints
                                            no AWS_USE_FIPS_ENDPOINT=true in /etc/systemd/system.conf.d/*.conf

        FAILED: 3 rules, 0 pass, 3 fail, 0 waived, 0 not applicable
        """, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reportPrintsJsonWithOutputJson() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    Files.createDirectories(root.resolve("etc/crypto-policies"));
    Files.writeString(root.resolve("etc/crypto-policies/config"), "FIPS\n");

    assertEquals(1, run("compliance", "report", "--profile=fips", "--root", root.toString(), "--output", "json",
        "--plugins-dir", noJars()));

    String json = out.toString(StandardCharsets.UTF_8);
    assertTrue(json.contains("\"passed\" : false"), json);
    assertTrue(json.contains("\"id\" : \"fips-crypto-policy\",\n    \"status\" : \"pass\""), json);
  }

  @Test
  void reportRejectsAnUnknownProfileWithExit2() throws IOException {
    assertEquals(2, run("compliance", "report", "--profile", "nist", "--root", temp.toString(), "--plugins-dir", noJars()));

    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown profile 'nist'"), err.toString(StandardCharsets.UTF_8));
  }
}
