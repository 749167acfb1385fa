package dev.eksnode.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdVerifyTest {

  @TempDir Path units;

  @Test
  void acceptsAUnitAndItsDropInFromSeveralDirectories(@TempDir Path dropIns) throws Exception {
    Files.writeString(units.resolve("demo.service"), "[Unit]\nDescription=demo\n[Service]\nExecStart=/bin/true\n");
    Files.createDirectories(dropIns.resolve("demo.service.d"));
    Files.writeString(dropIns.resolve("demo.service.d/10-env.conf"), "[Service]\nEnvironment=A=1\n");
    SystemdVerify.verify(List.of(dropIns, units), List.of("demo.service"));
  }

  @Test
  void failsWithWhatSystemdSaid() throws Exception {
    assumeFalse(SystemdVerify.skipped(), "EKSNODE_SKIP_TOOL_TESTS=1");
    Files.writeString(units.resolve("bad.service"), "[Unit]\nDescription=bad\n[Service]\nExecStart=relative/true\nBogus=1\n");
    AssertionError error = assertThrows(AssertionError.class,
        () -> SystemdVerify.verify(List.of(units), List.of("bad.service")));
    assertTrue(error.getMessage().contains("bad.service"), error.getMessage());
  }

  @Test
  void failsNamingAUnitThatIsNotOnThePath() {
    assumeFalse(SystemdVerify.skipped(), "EKSNODE_SKIP_TOOL_TESTS=1");
    AssertionError error = assertThrows(AssertionError.class,
        () -> SystemdVerify.verify(List.of(units), List.of("missing.service")));
    assertTrue(error.getMessage().contains("no unit missing.service on [" + units + "]"), error.getMessage());
  }
}
