package dev.eksnode.plugins.soci;

import dev.eksnode.spi.AllowedPaths;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigSection;
import java.util.List;
import java.util.Optional;
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

  static final String SECTION = "plugins.soci";
  static final String PARALLEL_PULL = SECTION + ".parallelPull";

  /**
   * Every key of {@code [plugins.soci]} and {@code [plugins.soci.parallelPull]} with its type, default
   * and example: what {@code eksnode config schema}, {@code plan --explain} and docs/configuration.md
   * show, and what {@link #bind} allows.
   */
  static final List<ConfigKey> KEYS = List.of(
      key(SECTION + ".version", Type.STRING, DEFAULT_VERSION, "\"0.10.0\"",
          "soci-snapshotter package version installed at image build (dnf install soci-snapshotter-0.11.0 for the default)."),
      key(SECTION + ".minMemoryGiB", Type.INTEGER, DEFAULT_MIN_MEMORY_GIB, "3",
          "Least memory (MemTotal, GiB) for SOCI to be turned on at boot, as nodeadm's 7 GiB rule; 0 for no minimum."),
      key(SECTION + ".minVcpus", Type.INTEGER, DEFAULT_MIN_VCPUS, "2",
          "Fewest online CPUs for SOCI to be turned on at boot, as nodeadm's 4-vCPU rule; 0 for no minimum."),
      key(SECTION + ".rootDirectory", Type.STRING, null, "\"/data/soci\"",
          "Where the snapshotter keeps its data, an absolute path below /var/lib, /mnt, /data, /local or /srv; not set:"
              + " soci-snapshotter-grpc in the first mount under"
              + " /mnt/k8s-disks when instance storage is mounted, else /var/lib/soci-snapshotter-grpc."),
      key(PARALLEL_PULL + ".enabled", Type.BOOLEAN, true, "false",
          "Download and unpack whole images in parallel up front (pull_modes.parallel_pull_unpack.enable)."),
      key(PARALLEL_PULL + ".maxConcurrentDownloads", Type.INTEGER, -1L, "50",
          "Concurrent layer downloads across all images (max_concurrent_downloads); -1 for no limit."),
      key(PARALLEL_PULL + ".maxConcurrentDownloadsPerImage", Type.INTEGER, 10L, "20",
          "Concurrent layer downloads per image (max_concurrent_downloads_per_image), at least 1."),
      key(PARALLEL_PULL + ".concurrentDownloadChunkSize", Type.STRING, "16mb", "\"8mb\"",
          "Size of each ranged download (concurrent_download_chunk_size): a number with an optional kb, mb or gb."),
      key(PARALLEL_PULL + ".maxConcurrentUnpacks", Type.INTEGER, -1L, "20",
          "Concurrent layer unpacks across all images (max_concurrent_unpacks); -1 for no limit."),
      key(PARALLEL_PULL + ".maxConcurrentUnpacksPerImage", Type.INTEGER, 10L, "12",
          "Concurrent layer unpacks per image (max_concurrent_unpacks_per_image), at least 1."),
      key(PARALLEL_PULL + ".discardUnpackedLayers", Type.BOOLEAN, true, "false",
          "Drop layer blobs once unpacked (content_store discard_unpacked_layers)."));

  /** Where {@code rootDirectory} may point: directories meant for data, never the system's own. */
  static final AllowedPaths ROOT_DIRECTORIES = AllowedPaths.below("/var/lib", "/mnt", "/data", "/local", "/srv");

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
    section.allowOnly(ConfigKey.namesUnder(SECTION, KEYS));
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
      if (!text.startsWith("/") || text.contains("..") || text.matches(".*\\s.*")) {
        section.problem("rootDirectory", "\"" + text + "\" is not an absolute path without spaces or '..'");
        return false;
      }
      // The snapshotter writes its content store there, as root, and the path reaches a unit file's Environment=.
      Optional<String> refusal = ROOT_DIRECTORIES.refusal(text).or(() -> text.matches("[A-Za-z0-9._@:+/-]+") ? Optional.empty()
          : Optional.of("\"" + text + "\" holds a character other than letters, digits and . _ @ : + - /"));
      refusal.ifPresent(why -> section.problem("rootDirectory", why, "e.g. /data/soci"));
      return refusal.isEmpty();
    });
    return new SociSettings(version, memory, vcpus, root, parallelPull(section.section("parallelPull")));
  }

  private static ParallelPull parallelPull(ConfigSection section) {
    section.allowOnly(ConfigKey.namesUnder(PARALLEL_PULL, KEYS));
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

  private static ConfigKey key(String path, Type type, Object defaultValue, String example, String description) {
    return new ConfigKey(path, type, Optional.ofNullable(defaultValue), List.of(), example, description);
  }
}
