package dev.eksnode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.cli.diagnose.SvgTimeline;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eksnode analyze}: the text output, and the SVG timeline as a picture rendered by rsvg-convert. */
class AnalyzeIT {

  @TempDir Path dir;

  static StepRecord step(String id, String outcome, long start, long duration, String... waitedFor) {
    return new StepRecord(id, "core", outcome, "", start, duration, List.of(), List.of(), List.of(waitedFor));
  }

  /** imds, then two steps side by side (a slow one on the critical chain), then the service. */
  static final RunReport REPORT =
      new RunReport(
          "0.1.0", "boot", "/r", "2026-01-01T00:00:00Z", 305, "succeeded", List.of(),
          List.of(
              step("core/instance-data", "applied", 0, 100),
              step("core/containerd-config", "unchanged", 100, 50, "core/instance-data"),
              step("core/instance-store", "applied", 100, 150, "core/instance-data"),
              step("core/kubelet-service", "applied", 250, 50, "core/containerd-config", "core/instance-store"),
              step("nvidia/labels", "skipped", 0, 2)),
          List.of());

  private Path writeReport() throws Exception {
    Path file = dir.resolve("boot.json");
    Files.writeString(file, Kernel.json(REPORT));
    return file;
  }

  @Test
  void printsBlameAndTheCriticalChain() throws Exception {
    Path report = writeReport();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
        .run("analyze", "--report", report.toString());
    String text = out.toString(StandardCharsets.UTF_8);

    assertEquals(0, code);
    assertTrue(text.contains("    150 ms  applied   core/instance-store"), text);
    String chain = text.substring(text.indexOf("critical chain"));
    assertTrue(chain.indexOf("core/instance-data") < chain.indexOf("core/instance-store"), chain);
    assertTrue(chain.indexOf("core/instance-store") < chain.indexOf("core/kubelet-service"), chain);
    assertTrue(!chain.contains("core/containerd-config"), "the fast branch is not on the chain: " + chain);
  }

  @Test
  void svgTimelineRendersBarsWhereTheStepsRan() throws Exception {
    Path report = writeReport();
    Path svg = dir.resolve("boot.svg");
    int code = new Cli(System.out, System.err, Map.of()).run("analyze", "--report", report.toString(), "--svg", svg.toString());
    assertEquals(0, code);

    Path png = dir.resolve("boot.png");
    Process render = new ProcessBuilder("rsvg-convert", "-o", png.toString(), svg.toString()).redirectErrorStream(true).start();
    assertTrue(render.waitFor(60, TimeUnit.SECONDS), "rsvg-convert timed out");
    assertEquals(0, render.exitValue(), new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    BufferedImage picture = ImageIO.read(png.toFile());
    assertEquals(SvgTimeline.width(), picture.getWidth());
    assertEquals(SvgTimeline.height(REPORT), picture.getHeight());

    List<SvgTimeline.Bar> bars = SvgTimeline.bars(REPORT);
    Map<String, String> expected = Map.of(
        "core/instance-data", SvgTimeline.CRITICAL,
        "core/containerd-config", SvgTimeline.UNCHANGED,
        "core/instance-store", SvgTimeline.CRITICAL,
        "core/kubelet-service", SvgTimeline.CRITICAL,
        "nvidia/labels", SvgTimeline.SKIPPED);
    for (SvgTimeline.Bar bar : bars) {
      int centre = picture.getRGB(bar.x() + bar.width() / 2, bar.y() + bar.height() / 2) & 0xffffff;
      assertEquals(Integer.parseInt(expected.get(bar.stepId()).substring(1), 16), centre,
          bar.stepId() + " bar at (" + bar.x() + "," + bar.y() + ") has colour " + Integer.toHexString(centre));
      int above = picture.getRGB(bar.x() + bar.width() / 2, bar.y() - 3) & 0xffffff;
      assertTrue((above >> 16 & 0xff) > 0xe0 && (above >> 8 & 0xff) > 0xe0 && (above & 0xff) > 0xe0,
          bar.stepId() + ": the gap above the bar is background (white or a light grid line), not " + Integer.toHexString(above));
    }
    // Concurrency is visible: the two middle steps' bars start at the same x and overlap.
    SvgTimeline.Bar containerd = bars.get(1);
    SvgTimeline.Bar store = bars.get(2);
    assertEquals(containerd.x(), store.x());
    assertTrue(store.width() > containerd.width() * 2, "150 ms is drawn three times as long as 50 ms");
    // The service starts where the slow branch ends, not where the fast one does.
    assertEquals(store.x() + store.width(), bars.get(3).x(), 1.0);
  }
}
