package dev.eksnode.plugins.nvidia;

import java.util.Optional;

/** Turns free text into a Kubernetes label value: at most 63 characters of [A-Za-z0-9_.-], alphanumeric at both ends. */
final class LabelValues {

  static final int MAX_LENGTH = 63;

  private LabelValues() {}

  /** {@code NVIDIA A10G} becomes {@code NVIDIA-A10G}; empty when nothing usable is left. */
  static Optional<String> sanitise(String text) {
    String value = text.strip().replaceAll("[^A-Za-z0-9_.-]+", "-");
    value = trimEnds(value);
    if (value.length() > MAX_LENGTH) {
      value = trimEnds(value.substring(0, MAX_LENGTH));
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static String trimEnds(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && !Character.isLetterOrDigit(value.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }
}
