package dev.eksnode.cli;

import dev.eksnode.kernel.ReportAnalysis;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Draws a run as an SVG timeline: one row per step in run order, a bar from its start to its end, so
 * steps that ran at the same time overlap horizontally; the critical chain is drawn in red.
 */
final class SvgTimeline {

  static final int LABEL_WIDTH = 300;
  static final int CHART_WIDTH = 600;
  static final int MARGIN = 10;
  static final int TOP = 56;
  static final int ROW = 24;
  static final int BAR = 16;
  static final String CRITICAL = "#d62728";
  static final String APPLIED = "#1f77b4";
  static final String UNCHANGED = "#9ecae1";
  static final String SKIPPED = "#c7c7c7";
  static final String FAILED = "#ff7f0e";
  static final String BLOCKED = "#7f7f7f";

  private SvgTimeline() {}

  /** The bar's geometry in the picture, in pixels; tests check the rendered picture against it. */
  record Bar(String stepId, int x, int y, int width, int height, String color) {}

  static long span(RunReport report) {
    return Math.max(1, report.steps().stream().mapToLong(ReportAnalysis::end).max().orElse(1));
  }

  static List<Bar> bars(RunReport report) {
    Set<String> critical = new HashSet<>();
    ReportAnalysis.criticalChain(report).forEach(step -> critical.add(step.id()));
    double scale = (double) CHART_WIDTH / span(report);
    List<StepRecord> steps = report.steps();
    return java.util.stream.IntStream.range(0, steps.size())
        .mapToObj(
            i -> {
              StepRecord step = steps.get(i);
              int x = LABEL_WIDTH + (int) Math.round(step.startMillis() * scale);
              int width = Math.max(3, (int) Math.round(step.durationMillis() * scale));
              width = Math.min(width, LABEL_WIDTH + CHART_WIDTH + 60 - x);
              String color = critical.contains(step.id()) ? CRITICAL : colorOf(step.outcome());
              return new Bar(step.id(), x, TOP + i * ROW + (ROW - BAR) / 2, width, BAR, color);
            })
        .toList();
  }

  private static String colorOf(String outcome) {
    return switch (outcome) {
      case "applied" -> APPLIED;
      case "unchanged" -> UNCHANGED;
      case "skipped" -> SKIPPED;
      case "failed" -> FAILED;
      default -> BLOCKED;
    };
  }

  static int width() {
    return LABEL_WIDTH + CHART_WIDTH + 80 + MARGIN;
  }

  static int height(RunReport report) {
    return TOP + report.steps().size() * ROW + 60;
  }

  static String render(RunReport report) {
    long span = span(report);
    List<StepRecord> chain = ReportAnalysis.criticalChain(report);
    StringBuilder svg = new StringBuilder();
    int width = width();
    int height = height(report);
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">%n",
        width, height, width, height));
    svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", MARGIN,
        escape("eksnode " + report.phase() + " phase: " + report.result() + ", " + report.steps().size() + " steps, " + report.durationMillis() + " ms")));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"38\" fill=\"%s\">%s</text>%n", MARGIN, CRITICAL,
        escape("critical chain: " + String.join(" > ", chain.stream().map(StepRecord::id).toList()))));
    // Time axis: about six ticks at round numbers.
    long tick = niceTick(span);
    for (long t = 0; t <= span; t += tick) {
      int x = LABEL_WIDTH + (int) Math.round(t * (double) CHART_WIDTH / span);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eeeeee\"/>%n",
          x, TOP - 4, x, TOP + report.steps().size() * ROW));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555555\" font-size=\"10\">%d ms</text>%n", x + 2, TOP - 6, t));
    }
    List<Bar> bars = bars(report);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      StepRecord step = report.steps().get(i);
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", MARGIN, bar.y() + 12, escape(step.id())));
      svg.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>%n",
          bar.x(), bar.y(), bar.width(), bar.height(), bar.color(),
          escape(step.id() + ": " + step.outcome() + ", starts at " + step.startMillis() + " ms, " + step.durationMillis() + " ms")));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#333333\" font-size=\"10\">%d ms</text>%n",
          bar.x() + bar.width() + 4, bar.y() + 12, step.durationMillis()));
    }
    int legendY = TOP + report.steps().size() * ROW + 30;
    String[][] legend = {{CRITICAL, "critical chain"}, {APPLIED, "applied"}, {UNCHANGED, "unchanged"},
        {SKIPPED, "skipped"}, {FAILED, "failed"}, {BLOCKED, "blocked"}};
    int x = MARGIN;
    for (String[] entry : legend) {
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x, legendY - 10, entry[0]));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x + 16, legendY, entry[1]));
      x += 24 + entry[1].length() * 8;
    }
    return svg.append("</svg>\n").toString();
  }

  static long niceTick(long span) {
    long raw = Math.max(1, span / 6);
    long magnitude = 1;
    while (magnitude * 10 <= raw) {
      magnitude *= 10;
    }
    for (long step : new long[] {1, 2, 5, 10}) {
      if (step * magnitude >= raw) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
