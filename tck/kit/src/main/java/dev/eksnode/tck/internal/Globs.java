package dev.eksnode.tck.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;

/**
 * Matches node paths against a plugin's {@code ownedPaths()} glob patterns: {@code *} within one path
 * segment, {@code **} across segments, {@code ?}, {@code [abc]} and {@code {a,b}} as in {@link
 * java.nio.file.FileSystem#getPathMatcher}. A pattern ending in {@code /**} also matches the directory
 * itself, so {@code /etc/acme/**} owns {@code /etc/acme}.
 */
public final class Globs {

  private Globs() {}

  /** Why a pattern is not usable, or empty when it is. */
  public static Optional<String> problem(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      return Optional.of("owned path '" + pattern + "' is not absolute (write /etc/acme/**)");
    }
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("owned path '" + pattern + "' is not a glob pattern: " + e.getMessage());
    }
  }

  /** Whether any of {@code patterns} matches {@code nodePath}; malformed patterns match nothing. */
  public static boolean matchesAny(List<String> patterns, String nodePath) {
    for (String pattern : patterns) {
      if (problem(pattern).isPresent()) {
        continue;
      }
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      if (matcher.matches(Path.of(nodePath))) {
        return true;
      }
      if (pattern.endsWith("/**") && nodePath.equals(pattern.substring(0, pattern.length() - 3))) {
        return true;
      }
    }
    return false;
  }

  /** The longest literal directory or file a pattern starts with, e.g. {@code /etc/acme} for {@code /etc/acme/**}. */
  public static String literalPrefix(String pattern) {
    int wild = pattern.length();
    for (char c : new char[] {'*', '?', '[', '{'}) {
      int at = pattern.indexOf(c);
      if (at >= 0) {
        wild = Math.min(wild, at);
      }
    }
    if (wild == pattern.length()) {
      return pattern;
    }
    int slash = pattern.lastIndexOf('/', wild);
    return slash <= 0 ? "/" : pattern.substring(0, slash);
  }
}
