package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.List;
import java.util.Optional;

/**
 * Where a setting that names a path may point: below one of a few directories, chosen for what the
 * setting is for (an agent's configuration below {@code /etc/acme}, a storage mount below {@code /mnt}),
 * and optionally with a required file-name ending. A path must be absolute and normalized: no {@code .}
 * or {@code ..} component, no {@code //}, no trailing {@code /}, no control character. So user data
 * cannot point a setting at {@code /etc/shadow}, {@code /usr/bin} or {@code /etc/profile.d}. The host
 * refuses symbolic links that lead out of the root when the path is written.
 *
 * @param directories absolute directories, without a trailing {@code /}; a path must lie strictly below one
 * @param endings file-name endings the last component must have (e.g. {@code .json}); empty for any
 */
@API(status = STABLE, since = "0.1.0")
public record AllowedPaths(List<String> directories, List<String> endings) {

  public AllowedPaths {
    directories = List.copyOf(directories);
    endings = List.copyOf(endings);
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("an allow-list needs at least one directory");
    }
  }

  /** Paths below any of {@code directories}, any file name. */
  public static AllowedPaths below(String... directories) {
    return new AllowedPaths(List.of(directories), List.of());
  }

  /** These directories, and only file names ending in one of {@code endings}. */
  public AllowedPaths endingIn(String... endings) {
    return new AllowedPaths(directories, List.of(endings));
  }

  /**
   * Why a setting may not name {@code path}, in words for a configuration problem (e.g. {@code
   * "/etc/shadow" is not below /etc/acme}); empty when it may.
   */
  public Optional<String> refusal(String path) {
    String shown = "\"" + printable(path) + "\"";
    if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of(shown + " holds a control character");
    }
    if (!path.startsWith("/")) {
      return Optional.of(shown + " is not an absolute path");
    }
    if (path.endsWith("/") || path.contains("//")) {
      return Optional.of(shown + " is not a normalized path (no empty component, no trailing /)");
    }
    for (String component : path.substring(1).split("/")) {
      if (component.equals(".") || component.equals("..")) {
        return Optional.of(shown + " holds a '" + component + "' component; write the path without it");
      }
    }
    if (directories.stream().noneMatch(directory -> path.startsWith(directory + "/"))) {
      return Optional.of(shown + " is not below " + String.join(" or ", directories) + ", where this setting may point");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (!endings.isEmpty() && endings.stream().noneMatch(name::endsWith)) {
      return Optional.of(shown + " does not end in " + String.join(" or ", endings));
    }
    return Optional.empty();
  }

  private static String printable(String path) {
    StringBuilder text = new StringBuilder();
    path.chars().limit(200).forEach(c -> {
      if (c < 0x20 || c == 0x7f) {
        text.append(String.format("\\x%02x", c));
      } else {
        text.append((char) c);
      }
    });
    return text.toString();
  }
}
