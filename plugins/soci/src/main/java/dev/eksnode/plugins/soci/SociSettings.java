package dev.eksnode.plugins.soci;

import dev.eksnode.spi.ConfigSection;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code [plugins.soci]} section, bound and validated.
 *
 * @param version the soci-snapshotter package version installed at image build
 * @param minMemoryGiB the least memory (GiB) a node needs for SOCI to be turned on; 0 for no minimum
 * @param minVcpus the fewest vCPUs a node needs for SOCI to be turned on; 0 for no minimum
 * @param rootDirectory where the snapshotter keeps its data; empty for the automatic choice
 * @param parallelPull the {@code parallel_pull_unpack} pull mode
 */
record SociSettings(String version, long minMemoryGiB, long minVcpus, Optional<String> rootDirectory, ParallelPull parallelPull) {

  static final String DEFAULT_VERSION = "0.11.0";
  static final long DEFAULT_MIN_MEMORY_GIB = 7;
  static final long DEFAULT_MIN_VCPUS = 4;

  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
  private static final Pattern CHUNK_SIZE = Pattern.compile("\\d+(kb|mb|gb)?");

  /**
   * {@code [plugins.soci.parallelPull]}: soci-snapshotter's {@code [pull_modes.parallel_pull_unpack]}.
   *
   * @param enabled whether images are downloaded and unpacked in parallel up front
   * @param maxConcurrentDownloads across all images; -1 for no limit
   * @param maxConcurrentDownloadsPerImage per image
   * @param concurrentDownloadChunkSize size of each ranged download, e.g. {@code 16mb}
   * @param maxConcurrentUnpacks across all images; -1 for no limit
   * @param maxConcurrentUnpacksPerImage per image
   * @param discardUnpackedLayers drop layer blobs once unpacked
   */
  record ParallelPull(
      boolean enabled,
      long maxConcurrentDownloads,
      long maxConcurrentDownloadsPerImage,
      String concurrentDownloadChunkSize,
      long maxConcurrentUnpacks,
      long maxConcurrentUnpacksPerImage,
      boolean discardUnpackedLayers) {}

  static SociSettings bind(ConfigSection section) {
    section.allowOnly(Set.of("enabled", "version", "minMemoryGiB", "minVcpus", "rootDirectory", "parallelPull"));
    String version = section.string("version").filter(text -> {
      if (VERSION.matcher(text).matches()) {
        return true;
      }
      section.problem("version", "\"" + text + "\" is not a version", "e.g. \"" + DEFAULT_VERSION + "\"");
      return false;
    }).orElse(DEFAULT_VERSION);
    long memory = atLeast(section, "minMemoryGiB", DEFAULT_MIN_MEMORY_GIB, 0);
    long vcpus = atLeast(section, "minVcpus", DEFAULT_MIN_VCPUS, 0);
    Optional<String> root = section.string("rootDirectory").filter(text -> {
      if (text.startsWith("/") && !text.contains("..") && !text.matches(".*\\s.*")) {
        return true;
      }
      section.problem("rootDirectory", "\"" + text + "\" is not an absolute path without spaces or '..'");
      return false;
    });
    return new SociSettings(version, memory, vcpus, root, parallelPull(section.section("parallelPull")));
  }

  private static ParallelPull parallelPull(ConfigSection section) {
    section.allowOnly(Set.of(
        "enabled", "maxConcurrentDownloads", "maxConcurrentDownloadsPerImage", "concurrentDownloadChunkSize",
        "maxConcurrentUnpacks", "maxConcurrentUnpacksPerImage", "discardUnpackedLayers"));
    String chunk = section.string("concurrentDownloadChunkSize").filter(text -> {
      if (CHUNK_SIZE.matcher(text).matches()) {
        return true;
      }
      section.problem("concurrentDownloadChunkSize", "\"" + text + "\" is not a size", "e.g. \"16mb\"");
      return false;
    }).orElse("16mb");
    return new ParallelPull(
        section.bool("enabled").orElse(true),
        limit(section, "maxConcurrentDownloads", -1),
        atLeast(section, "maxConcurrentDownloadsPerImage", 10, 1),
        chunk,
        limit(section, "maxConcurrentUnpacks", -1),
        atLeast(section, "maxConcurrentUnpacksPerImage", 10, 1),
        section.bool("discardUnpackedLayers").orElse(true));
  }

  private static long atLeast(ConfigSection section, String key, long fallback, long minimum) {
    long value = section.integer(key).orElse(fallback);
    if (value < minimum) {
      section.problem(key, value + " is less than " + minimum);
      return fallback;
    }
    return value;
  }

  /** A positive limit, or -1 for none. */
  private static long limit(ConfigSection section, String key, long fallback) {
    long value = section.integer(key).orElse(fallback);
    if (value == 0 || value < -1) {
      section.problem(key, value + " is not a positive limit", "-1 means no limit");
      return fallback;
    }
    return value;
  }
}
