package dev.eksnode.tck.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotModeTest {

  @Test
  void refusesToUpdateWhenCiIsSet() {
    AssertionError error = assertThrows(AssertionError.class,
        () -> SnapshotMode.of(true, Map.of("CI", "true")).refuseInCi("cases/gpu"));

    assertEquals("cases/gpu: refusing to update snapshots because CI is set (CI=true); update them on a workstation"
        + " with -Deksnode.tck.update=true (e.g. ./mvnw verify -Deksnode.tck.update=true), review the change and"
        + " commit it", error.getMessage());
  }

  @Test
  void updatesOnAWorkstation() {
    assertDoesNotThrow(() -> SnapshotMode.of(true, Map.of()).refuseInCi("cases/gpu"));
  }
}
