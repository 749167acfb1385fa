package dev.eksnode.plugins.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers that decide what the next boot applies: sysctl.d order, sshd includes, flat files, durations. */
class ConfigParsersTest {

  @TempDir Path root;

  private void write(String path, String text) throws Exception {
    Path file = root.resolve(path.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  @Test
  void sysctlFileInEtcHidesTheSameNameInUsrLibAndLaterFilesWin() throws Exception {
    write("/usr/lib/sysctl.d/10-a.conf", "net.ipv4.tcp_syncookies = 0\n");
    write("/etc/sysctl.d/10-a.conf", "net/ipv4/tcp_syncookies=1\n");
    write("/usr/lib/sysctl.d/20-b.conf", "net.ipv4.conf.*.log_martians = 0\n");
    write("/etc/sysctl.d/30-c.conf", "net.ipv4.conf.all.log_martians = 1\n");
    SysctlFiles sysctl = SysctlFiles.read(ComplianceRuns.host(root));

    assertEquals(Optional.of(new Located("1", "/etc/sysctl.d/10-a.conf")), sysctl.value("net.ipv4.tcp_syncookies"));
    assertEquals(Optional.of(new Located("1", "/etc/sysctl.d/30-c.conf")), sysctl.value("net.ipv4.conf.all.log_martians"));
    assertEquals(Optional.of(new Located("0", "/usr/lib/sysctl.d/20-b.conf")), sysctl.value("net.ipv4.conf.default.log_martians"));
  }

  @Test
  void sshdKeepsTheFirstValueAcrossIncludesAndIgnoresMatchBlocks() throws Exception {
    write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nX11Forwarding yes\nMatch User bob\n  PermitRootLogin yes\n");
    write("/etc/ssh/sshd_config.d/01-first.conf", "x11forwarding no\n");
    SshdConfig sshd = SshdConfig.read(ComplianceRuns.host(root), "/etc/ssh/sshd_config");

    assertEquals(Optional.of(new Located("no", "/etc/ssh/sshd_config.d/01-first.conf")), sshd.value("X11Forwarding"));
    assertEquals(Optional.of(new Located("prohibit-password", "not set: sshd default")), sshd.value("PermitRootLogin"));
  }

  @Test
  void flatFileEditReplacesTheFirstAssignmentDropsLaterOnesAndAppendsNewKeys() {
    KeyValueFile file = new KeyValueFile("key-value");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("PASS_MAX_DAYS", "60");
    values.put("UMASK", "077");

    assertEquals("# aging\nPASS_MAX_DAYS\t60\nPASS_MIN_DAYS 0\nUMASK\t077\n",
        file.edit("# aging\nPASS_MAX_DAYS 99999\nPASS_MIN_DAYS 0\nPASS_MAX_DAYS 1\n", values));
    assertEquals(Optional.of("1"), file.value("PASS_MAX_DAYS 99999\nPASS_MAX_DAYS 1\n", "PASS_MAX_DAYS"));
    assertEquals("max_log_file = 32\n", new KeyValueFile("key-equals-value").edit("max_log_file=8\n", Map.of("max_log_file", "32")));
  }

  @Test
  void goDurationsParseToMilliseconds() {
    assertEquals(Optional.of(14_400_000L), RuleChecker.duration("4h0m0s"));
    assertEquals(Optional.of(300_000L), RuleChecker.duration("5m"));
    assertEquals(Optional.of(0L), RuleChecker.duration("0s"));
    assertEquals(Optional.empty(), RuleChecker.duration("5 minutes"));
  }
}
