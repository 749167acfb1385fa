package dev.eksnode.plugins.instancestore;

import java.nio.charset.StandardCharsets;

/** systemd's unit name escaping for paths, as {@code systemd-escape --path} does it. */
final class SystemdEscape {

  private SystemdEscape() {}

  /**
   * The unit name stem of an absolute path: slashes become dashes, the outer ones dropped; bytes
   * outside {@code [A-Za-z0-9:_.]}, and a leading dot, become {@code \xNN}. {@code /} is {@code -}.
   *
   * @throws IllegalArgumentException for a relative path or one with {@code .} or {@code ..} parts
   */
  static String path(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + path);
    }
    String simplified = path.replaceAll("/+", "/");
    if (simplified.length() > 1 && simplified.endsWith("/")) {
      simplified = simplified.substring(0, simplified.length() - 1);
    }
    if (simplified.equals("/")) {
      return "-";
    }
    for (String part : simplified.substring(1).split("/")) {
      if (part.equals(".") || part.equals("..")) {
        throw new IllegalArgumentException("not a normalized path: " + path);
      }
    }
    byte[] bytes = simplified.substring(1).getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (b == '/') {
        out.append('-');
      } else if ((b == '.' && i == 0) || !valid(b)) {
        out.append(String.format("\\x%02x", b));
      } else {
        out.append((char) b);
      }
    }
    return out.toString();
  }

  /** The mount unit name for a mount point, e.g. {@code mnt-k8s\x2ddisks-0.mount}. */
  static String mountUnit(String where) {
    return path(where) + ".mount";
  }

  private static boolean valid(int b) {
    return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == ':' || b == '_'
        || b == '.';
  }
}
