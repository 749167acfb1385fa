package dev.eksnode.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

  @Test
  void theStreamingWriterAndDatabindReaderAgree() {
    RunReport report = new RunReport("0.1.0", "boot", "/tmp/root \"quoted\"", "2026-01-01T00:00:00Z", 42, "failed",
        List.of(new RunReport.PluginEntry("core", "0.1.0", "built-in", true),
            new RunReport.PluginEntry("acme", "2.0.0", "/opt/eksnode/plugins/acme.jar", false)),
        List.of(
            new StepRecord("core/a", "core", "applied", "", 0, 5, List.of("wrote /etc/a (0644)"),
                List.of("systemctl restart kubelet.service"), List.of()),
            new StepRecord("core/b", "core", "failed", "line one\nline \u00e9 two", 5, 1, List.of(), List.of(), List.of("core/a"))),
        List.of(new ManagedFile("/etc/a", "0644", "ab12", "core/a"),
            new ManagedFile("/etc/b.env", "0600", null, "cd34", "core/b")));

    String json = new String(ReportJson.write(report), StandardCharsets.UTF_8);

    assertEquals(report, Kernel.parseReport(json));
  }
}
