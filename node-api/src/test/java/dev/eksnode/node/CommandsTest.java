package dev.eksnode.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eksnode.spi.CommandResult;
import dev.eksnode.spi.HostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {

  @Test
  void passesASuccessThrough() {
    CommandResult ok = new CommandResult(0, "v1.2.3\n", "");

    assertSame(ok, Commands.check(List.of("tool", "--version"), ok));
  }

  @Test
  void namesTheCommandItsExitCodeAndItsErrorOutput() {
    CommandFailedException failed = assertThrows(CommandFailedException.class, () ->
        Commands.check(List.of("mdadm", "--create", "/dev/md/kubernetes"), new CommandResult(1, "", "mdadm: no devices\n")));

    assertEquals("'mdadm --create /dev/md/kubernetes' failed with exit code 1: mdadm: no devices", failed.getMessage());
    assertEquals(List.of("mdadm", "--create", "/dev/md/kubernetes"), failed.command());
    assertEquals(1, failed.exitCode());
    assertInstanceOfHostException(failed);
  }

  @Test
  void saysWhenTheProgramIsNotInstalled() {
    CommandFailedException failed = assertThrows(CommandFailedException.class, () ->
        Commands.check(List.of("blkid", "/dev/md/kubernetes"), new CommandResult(127, "", "")));

    assertEquals("'blkid /dev/md/kubernetes' failed: blkid is not installed (exit code 127)", failed.getMessage());
  }

  @Test
  void saysWhenTheCommandPrintedNoError() {
    CommandFailedException failed = assertThrows(CommandFailedException.class, () ->
        Commands.check(List.of("udevadm", "settle"), new CommandResult(2, "", "  \n")));

    assertEquals("'udevadm settle' failed with exit code 2 and printed no error", failed.getMessage());
  }

  @Test
  void quotesArgumentsThatAreNotPlain() {
    assertEquals("env -C /tmp ./x.sh 'a b' 'it'\\''s' ''", Commands.text(List.of("env", "-C", "/tmp", "./x.sh", "a b", "it's", "")));
  }

  @Test
  void neverShowsTheCredentialsOfAUrl() {
    CommandFailedException failed = assertThrows(CommandFailedException.class, () ->
        Commands.check(List.of("curl", "-x", "http://alice:s3cret@proxy:3128", "https://example.com"),
            new CommandResult(5, "", "curl: (5) Could not resolve proxy http://alice:s3cret@proxy:3128\n")));

    assertEquals("'curl -x http://***@proxy:3128 https://example.com' failed with exit code 5: "
        + "curl: (5) Could not resolve proxy http://***@proxy:3128", failed.getMessage());
  }

  private static void assertInstanceOfHostException(Exception e) {
    assertEquals(HostException.class, e.getClass().getSuperclass());
  }
}
