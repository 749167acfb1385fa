package dev.eksnode.cli.diagnose;

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
public final class SvgTimeline {

  static final int LABEL_WIDTH = 300;
  static final int CHART_WIDTH = 600;
  static final int MARGIN = 10;
  static final int HEADER = 56;
  static final int CAPTION_LINE = 14;
  static final int CAPTION_WIDTH = 120;
  static final int ROW = 24;
  static final int BAR = 16;
  public static final String CRITICAL = "#d62728";
  static final String APPLIED = "#1f77b4";
  public static final String UNCHANGED = "#9ecae1";
  public static final String SKIPPED = "#c7c7c7";
  static final String FAILED = "#ff7f0e";
  static final String BLOCKED = "#7f7f7f";

  private SvgTimeline() {}

  /** The bar's geometry in the picture, in pixels; tests check the rendered picture against it. */
  public record Bar(String stepId, int x, int y, int width, int height, String color) {}

  static long span(RunReport report) {
    return Math.max(1, report.steps().stream().mapToLong(ReportAnalysis::end).max().orElse(1));
  }

  /** The critical chain's caption, wrapped so it fits the picture's width. */
  static List<String> caption(RunReport report) {
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder("critical chain: ");
    List<StepRecord> chain = ReportAnalysis.criticalChain(report);
    for (int i = 0; i < chain.size(); i++) {
      String part = chain.get(i).id() + (i < chain.size() - 1 ? " > " : "");
      if (line.length() + part.length() > CAPTION_WIDTH) {
        lines.add(line.toString().stripTrailing());
        line = new StringBuilder("  ");
      }
      line.append(part);
    }
    lines.add(line.toString().stripTrailing());
    return lines;
  }

  /** Where the first row starts: below the title and the caption. */
  static int top(RunReport report) {
    return HEADER + (caption(report).size() - 1) * CAPTION_LINE;
  }

  public static List<Bar> bars(RunReport report) {
    int top = top(report);
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
              return new Bar(step.id(), x, top + i * ROW + (ROW - BAR) / 2, width, BAR, color);
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

  public static int width() {
    return LABEL_WIDTH + CHART_WIDTH + 80 + MARGIN;
  }

  public static int height(RunReport report) {
    return top(report) + report.steps().size() * ROW + 60;
  }

  static String render(RunReport report) {
    long span = span(report);
    int top = top(report);
    StringBuilder svg = new StringBuilder();
    int width = width();
    int height = height(report);
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">%n",
        width, height, width, height));
    svg.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", MARGIN,
        escape("eksnode " + report.phase() + " phase: " + report.result() + ", " + report.steps().size() + " steps, " + report.durationMillis() + " ms")));
    List<String> caption = caption(report);
    for (int i = 0; i < caption.size(); i++) {
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", MARGIN, 38 + i * CAPTION_LINE,
          CRITICAL, escape(caption.get(i))));
    }
    // Time axis: about six ticks at round numbers.
    long tick = niceTick(span);
    for (long t = 0; t <= span; t += tick) {
      int x = LABEL_WIDTH + (int) Math.round(t * (double) CHART_WIDTH / span);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eeeeee\"/>%n",
          x, top - 4, x, top + report.steps().size() * ROW));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555555\" font-size=\"10\">%d ms</text>%n", x + 2, top - 6, t));
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
    int legendY = top + report.steps().size() * ROW + 30;
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
