package dev.eksnode.cli.run;

import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;

/** A run's steps as bars on one time axis, so what ran concurrently shows side by side. */
final class Timeline {

  private static final int WIDTH = 40;

  private Timeline() {}

  static String render(RunReport report) {
    long end = 1;
    int idWidth = 4;
    for (StepRecord step : report.steps()) {
      end = Math.max(end, step.startMillis() + step.durationMillis());
      idWidth = Math.max(idWidth, step.id().length());
    }
    StringBuilder text = new StringBuilder();
    text.append(String.format("%-" + idWidth + "s  %6s %6s  0%s%d ms%n", "step", "start", "ms", " ".repeat(WIDTH - 1), end));
    for (StepRecord step : report.steps()) {
      int from = (int) (step.startMillis() * WIDTH / end);
      int length = Math.max(1, (int) Math.round(step.durationMillis() * (double) WIDTH / end));
      from = Math.min(from, WIDTH - 1);
      length = Math.min(length, WIDTH - from);
      text.append(String.format("%-" + idWidth + "s  %6d %6d  |%s%s%s|%n", step.id(), step.startMillis(), step.durationMillis(),
          " ".repeat(from), "#".repeat(length), " ".repeat(WIDTH - from - length)));
    }
    return text.toString();
  }
}
