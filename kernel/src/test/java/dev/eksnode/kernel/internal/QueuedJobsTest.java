package dev.eksnode.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueuedJobsTest {

  @Test
  void findsTheCallingServiceOnTheUnifiedHierarchy() {
    assertEquals(Optional.of("eksnode-bootstrap.service"), QueuedJobs.callerService("0::/system.slice/eksnode-bootstrap.service\n"));
  }

  @Test
  void findsTheCallingServiceOnSystemdsNamedHierarchyOfCgroupV1() {
    String cgroup = """
        12:memory:/system.slice/eksnode-bootstrap.service
        1:name=systemd:/system.slice/eksnode-bootstrap.service
        0::/system.slice/eksnode-bootstrap.service
        """;
    assertEquals(Optional.of("eksnode-bootstrap.service"), QueuedJobs.callerService(cgroup));
  }

  @Test
  void aShellInASessionOrAContainerRootIsNoService() {
    assertEquals(Optional.empty(), QueuedJobs.callerService("0::/user.slice/user-0.slice/session-3.scope\n"));
    assertEquals(Optional.empty(), QueuedJobs.callerService("0::/\n"));
  }

  @Test
  void aUnitWhoseAfterListNamesTheCallerWaitsForIt() {
    // systemctl show --property=After --value containerd.service on a node with eksnode-bootstrap.service's Before=.
    String after = "eksnode-bootstrap.service system.slice network.target local-fs.target dbus.socket basic.target\n";
    assertTrue(QueuedJobs.orderedAfter(after, "eksnode-bootstrap.service"));
    assertFalse(QueuedJobs.orderedAfter(after, "eksnode-bootstrap"), "unit names are compared whole");
    assertFalse(QueuedJobs.orderedAfter("\n", "eksnode-bootstrap.service"));
  }
}
