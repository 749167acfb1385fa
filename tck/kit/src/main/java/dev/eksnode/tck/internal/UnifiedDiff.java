package dev.eksnode.tck.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the difference between two texts as a unified diff ({@code diff -u}) with three lines of
 * context. Lines are matched by a longest common subsequence over the part between the common head
 * and tail; when that part is too large to match cheaply, it is shown as one replaced block.
 */
public final class UnifiedDiff {

  private static final int CONTEXT = 3;
  private static final long MAX_CELLS = 4_000_000;

  private UnifiedDiff() {}

  private enum Kind {
    SAME,
    REMOVED,
    ADDED
  }

  private record Line(Kind kind, String text, int oldNumber, int newNumber) {}

  /**
   * The diff of {@code before} and {@code after}, headed {@code --- beforeName} and {@code +++ afterName};
   * empty when the texts are equal.
   */
  public static String of(String beforeName, String before, String afterName, String after) {
    if (before.equals(after)) {
      return "";
    }
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Line> script = script(a, b);
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(beforeName).append('\n');
    out.append("+++ ").append(afterName).append('\n');
    int i = 0;
    while (i < script.size()) {
      if (script.get(i).kind() == Kind.SAME) {
        i++;
        continue;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      // Extend the hunk while the next change is within twice the context.
      while (true) {
        while (end < script.size() && script.get(end).kind() != Kind.SAME) {
          end++;
        }
        int next = end;
        while (next < script.size() && script.get(next).kind() == Kind.SAME) {
          next++;
        }
        if (next < script.size() && next - end <= 2 * CONTEXT) {
          end = next;
        } else {
          end = Math.min(script.size(), end + CONTEXT);
          break;
        }
      }
      hunk(script.subList(start, end), out);
      i = end;
    }
    return out.toString();
  }

  private static void hunk(List<Line> lines, StringBuilder out) {
    int oldStart = 0;
    int newStart = 0;
    int oldCount = 0;
    int newCount = 0;
    for (Line line : lines) {
      if (line.kind() != Kind.ADDED) {
        if (oldCount++ == 0) {
          oldStart = line.oldNumber();
        }
      }
      if (line.kind() != Kind.REMOVED) {
        if (newCount++ == 0) {
          newStart = line.newNumber();
        }
      }
    }
    if (oldCount == 0) {
      oldStart = lines.getFirst().oldNumber() - 1;
    }
    if (newCount == 0) {
      newStart = lines.getFirst().newNumber() - 1;
    }
    out.append("@@ -").append(range(oldStart, oldCount)).append(" +").append(range(newStart, newCount)).append(" @@\n");
    for (Line line : lines) {
      out.append(switch (line.kind()) {
        case SAME -> ' ';
        case REMOVED -> '-';
        case ADDED -> '+';
      });
      String text = line.text();
      if (text.endsWith("\n")) {
        out.append(text);
      } else {
        out.append(text).append("\n\\ No newline at end of file\n");
      }
    }
  }

  private static String range(int start, int count) {
    return count == 1 ? String.valueOf(start) : start + "," + count;
  }

  /** Splits keeping each line's newline, so a missing final newline shows as a difference. */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int newline = text.indexOf('\n', from);
      int to = newline < 0 ? text.length() : newline + 1;
      lines.add(text.substring(from, to));
      from = to;
    }
    return lines;
  }

  private static List<Line> script(List<String> a, List<String> b) {
    int head = 0;
    while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
      head++;
    }
    int tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
      tail++;
    }
    List<Line> script = new ArrayList<>();
    for (int i = 0; i < head; i++) {
      script.add(new Line(Kind.SAME, a.get(i), i + 1, i + 1));
    }
    List<String> midA = a.subList(head, a.size() - tail);
    List<String> midB = b.subList(head, b.size() - tail);
    int[] oldNumber = {head};
    int[] newNumber = {head};
    for (Kind kind : middle(midA, midB)) {
      switch (kind) {
        case SAME -> {
          script.add(new Line(kind, a.get(oldNumber[0]), oldNumber[0] + 1, newNumber[0] + 1));
          oldNumber[0]++;
          newNumber[0]++;
        }
        case REMOVED -> {
          script.add(new Line(kind, a.get(oldNumber[0]), oldNumber[0] + 1, newNumber[0] + 1));
          oldNumber[0]++;
        }
        case ADDED -> {
          script.add(new Line(kind, b.get(newNumber[0]), oldNumber[0] + 1, newNumber[0] + 1));
          newNumber[0]++;
        }
      }
    }
    for (int i = 0; i < tail; i++) {
      int oldIndex = a.size() - tail + i;
      int newIndex = b.size() - tail + i;
      script.add(new Line(Kind.SAME, a.get(oldIndex), oldIndex + 1, newIndex + 1));
    }
    return script;
  }

  /** The edit script of the middle part: removals before additions within each changed block. */
  private static List<Kind> middle(List<String> a, List<String> b) {
    List<Kind> kinds = new ArrayList<>();
    if ((long) a.size() * b.size() > MAX_CELLS) {
      a.forEach(line -> kinds.add(Kind.REMOVED));
      b.forEach(line -> kinds.add(Kind.ADDED));
      return kinds;
    }
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    List<Kind> removed = new ArrayList<>();
    List<Kind> added = new ArrayList<>();
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        kinds.addAll(removed);
        kinds.addAll(added);
        removed.clear();
        added.clear();
        kinds.add(Kind.SAME);
        i++;
        j++;
      } else if (j >= b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
        removed.add(Kind.REMOVED);
        i++;
      } else {
        added.add(Kind.ADDED);
        j++;
      }
    }
    kinds.addAll(removed);
    kinds.addAll(added);
    return kinds;
  }

  /** Whether the bytes look like text a diff can show: valid UTF-8 without NUL bytes. */
  public static boolean isText(byte[] content) {
    for (byte b : content) {
      if (b == 0) {
        return false;
      }
    }
    try {
      java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(content));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }
}
