package dev.eksnode.plugins.nfdlabels;

import java.util.Map;
import java.util.Optional;

/** Turns feature names and values into valid Kubernetes labels under NFD's prefix. */
final class Labels {

  static final String PREFIX = "feature.node.kubernetes.io/";
  private static final int MAX = 63;

  private Labels() {}

  /**
   * The label for a feature, or empty when nothing valid is left of the name or value. Characters
   * outside {@code [A-Za-z0-9_.-]} become {@code _}; the value is cut to 63 characters and trimmed to
   * start and end with a letter or digit.
   */
  static Optional<Map.Entry<String, String>> label(String name, String value) {
    String key = clean(name);
    String text = clean(value);
    if (key.isEmpty() || text.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Map.entry(PREFIX + key, text));
  }

  /** A value that obeys label syntax: at most 63 of {@code [A-Za-z0-9_.-]}, alphanumeric at both ends. */
  static String clean(String raw) {
    String text = raw.strip().replaceAll("[^A-Za-z0-9_.-]", "_");
    if (text.length() > MAX) {
      text = text.substring(0, MAX);
    }
    int start = 0;
    int end = text.length();
    while (start < end && !Character.isLetterOrDigit(text.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }
}
