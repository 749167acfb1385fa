package dev.eksnode.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The generated sections of docs/reliability.md: each test that measures something owns the text
 * between {@code <!-- begin NAME -->} and {@code <!-- end NAME -->}, compares it with what it measured,
 * and rewrites it only when run with {@code -Deksnode.docs.update=true}. The doc cannot drift from
 * the suite.
 */
final class ReliabilityDoc {

  static final String PROPERTY = "eksnode.docs.update";
  static final Path FILE = Path.of("..", "docs", "reliability.md");

  /** The security page, whose limit tables {@link HostileBootIT} writes. */
  static final Path SECURITY = Path.of("..", "docs", "security.md");

  private ReliabilityDoc() {}

  /** Checks (or, with the update property, writes) the section {@code name}. */
  static void section(String name, String measured) throws IOException {
    section(FILE, name, measured);
  }

  /** Checks (or, with the update property, writes) the section {@code name} of {@code file}. */
  static void section(Path file, String name, String measured) throws IOException {
    String doc = Files.readString(file);
    String begin = "<!-- begin " + name + " -->\n";
    String end = "<!-- end " + name + " -->";
    int from = doc.indexOf(begin);
    int to = doc.indexOf(end);
    if (from < 0 || to < from) {
      throw new AssertionError(file + " has no section " + name + " (" + begin.strip() + " ... " + end + ")");
    }
    String current = doc.substring(from + begin.length(), to);
    if (Boolean.getBoolean(PROPERTY)) {
      Files.writeString(file, doc.substring(0, from + begin.length()) + measured + doc.substring(to));
    } else {
      assertEquals(measured, current, file + " section " + name + " differs from what the suite measured; "
          + "rerun with -D" + PROPERTY + "=true");
    }
  }
}
