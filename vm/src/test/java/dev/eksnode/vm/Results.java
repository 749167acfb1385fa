package dev.eksnode.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a boot left for the test: the guest writes a tar straight onto a blank disk (serial {@code
 * vmtest-out}, no filesystem), which the host unpacks here, beside the boot's console log. Each
 * command the probe ran is a file ({@code NAME}), with {@code NAME.stderr} and {@code NAME.exit}.
 */
final class Results {

  private static final long DISK_BYTES = 256L << 20;

  private final Path directory;
  private final Path disk;

  private Results(Path directory) {
    this.directory = directory;
    this.disk = directory.resolve("results.raw");
  }

  /** A blank results disk in {@code directory}, which also receives the unpacked results. */
  static Results create(Path directory) throws IOException {
    Files.createDirectories(directory);
    Results results = new Results(directory);
    Files.deleteIfExists(results.disk);
    try (RandomAccessFile file = new RandomAccessFile(results.disk.toFile(), "rw")) {
      file.setLength(DISK_BYTES);
    }
    return results;
  }

  /** The qemu arguments of the results disk. */
  List<String> disk() {
    return Qemu.disk(disk, "virtio-blk-pci", "vmtest-out", false);
  }

  /** Unpacks what the guest wrote; a guest that wrote nothing leaves nothing. */
  void unpack() throws IOException, InterruptedException {
    Process tar = new ProcessBuilder("tar", "-xf", disk.toString(), "-C", directory.toString()).redirectErrorStream(true).start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (tar.waitFor() != 0) {
      Files.writeString(directory.resolve("unpack-error.txt"), output);
    }
    Files.delete(disk);
  }

  Path directory() {
    return directory;
  }

  boolean has(String name) {
    return Files.exists(directory.resolve(name));
  }

  /** A file's text, or a line saying it is missing (so a message shows it rather than failing to read). */
  String text(String name) throws IOException {
    Path path = directory.resolve(name);
    return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "(no " + name + ": the guest did not write it)";
  }

  int exit(String name) throws IOException {
    return Integer.parseInt(text(name + ".exit").strip());
  }

  /** {@code systemctl show UNIT}'s properties. */
  Map<String, String> show(String unit) throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : text("show-" + unit + ".txt").split("\n")) {
      int equals = line.indexOf('=');
      if (equals > 0) {
        properties.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    return properties;
  }

  JsonNode json(String name) throws IOException {
    return new ObjectMapper().readTree(directory.resolve(name).toFile());
  }

  List<String> lines(String name) throws IOException {
    return text(name).lines().toList();
  }
}
