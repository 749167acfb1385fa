package dev.eksnode.tck.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base roots: the files of a machine image as a booting node finds them, for eksnode to run over.
 * {@value #EKS_AL2023} is an Amazon Linux 2023 EKS image after {@code eksnode image build}: {@code
 * /etc/os-release}, the kubelet and containerd units (and stand-in programs that answer {@code
 * --version}), the runtime slice, the baked instance type table. The conformance kit's base roots
 * include it under the same name.
 *
 * <p>Each root is a resource directory {@code roots/<name>/} with an index {@code roots/<name>.index}
 * of {@code mode path} lines, since a jar cannot be listed.
 */
public final class BaseRoots {

  /** Amazon Linux 2023 with the EKS node packages and a kubelet 1.31.2, after {@code eksnode image build}. */
  public static final String EKS_AL2023 = "eks-al2023";

  private BaseRoots() {}

  /** Every file of a root with its permission bits, in path order. */
  public static Map<String, Integer> files(String name) {
    String index = text("roots/" + name + ".index");
    Map<String, Integer> files = new LinkedHashMap<>();
    for (String line : index.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.strip().split("\\s+", 2);
      files.put(parts[1], Integer.parseInt(parts[0], 8));
    }
    return files;
  }

  /** A file of a root, by its absolute node path. */
  public static byte[] content(String name, String path) {
    return bytes("roots/" + name + path);
  }

  /**
   * Copies a root into {@code target} (created when missing), giving every file its mode.
   *
   * @return the paths written
   */
  public static List<String> seed(String name, Path target) {
    List<String> written = new ArrayList<>();
    try {
      for (Map.Entry<String, Integer> file : files(name).entrySet()) {
        Path destination = target.resolve(file.getKey().substring(1));
        Files.createDirectories(destination.getParent());
        Files.write(destination, content(name, file.getKey()));
        Files.setPosixFilePermissions(destination, permissions(file.getValue()));
        written.add(file.getKey());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seed root " + name + " into " + target, e);
    }
    return written;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values();
    for (int i = 0; i < 9; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }

  private static String text(String resource) {
    return new String(bytes(resource), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = BaseRoots.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no such base root resource: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
