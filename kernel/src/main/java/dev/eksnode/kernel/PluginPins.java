package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.kernel.config.ConfigSources;
import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigNode;
import dev.eksnode.spi.ConfigProblem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The SHA-256 pins of third-party plugin jars, from the image configuration's {@code [plugin-pins]}
 * table: plugin id to {@code "sha256:<64 hex digits>"}.
 *
 * <p>A jar's pin is looked up by the plugin id its manifest declares ({@code Plugin-Id}), or by its file
 * name without {@code .jar} when it declares none. When any pin exists, every jar must have one and
 * match it: a renamed or added jar is refused, not let through unpinned. The digest is checked before
 * any class of the jar is loaded.
 *
 * @param pins plugin id to lower-case hex SHA-256, sorted by id
 */
@API(status = INTERNAL, since = "0.1.0")
public record PluginPins(Map<String, String> pins) {

  /** The table in the image configuration that holds the pins. */
  public static final String SECTION = "plugin-pins";

  /** No pins: every jar that passes the owner and mode checks is loaded. */
  public static final PluginPins NONE = new PluginPins(Map.of());

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern PIN = Pattern.compile("sha256:[0-9a-f]{64}");

  public PluginPins {
    pins = Map.copyOf(new TreeMap<>(pins));
  }

  /**
   * The pins of the image configuration under {@code root} ({@value ConfigSources#IMAGE_CONFIG} and
   * {@value ConfigSources#IMAGE_CONFIG_DIRECTORY}{@code /*.toml}). Only the image sets pins: user data
   * and node-local drop-ins are read later and cannot weaken them.
   *
   * @throws ConfigException when a file cannot be read or parsed, or a pin is malformed (every problem)
   */
  public static PluginPins read(Path root) {
    List<Path> files = ConfigSources.imageFiles(root);
    if (files.isEmpty()) {
      return NONE;
    }
    ConfigNode.Table merged = ConfigSources.load(files, Set.of());
    return of(merged);
  }

  /**
   * The pins of a merged configuration's {@code [plugin-pins]} table.
   *
   * @throws ConfigException naming the file, line and key of every malformed pin
   */
  public static PluginPins of(ConfigNode.Table config) {
    ConfigNode section = config.entries().get(SECTION);
    if (section == null) {
      return NONE;
    }
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> pins = new TreeMap<>();
    if (!(section instanceof ConfigNode.Table table)) {
      throw new ConfigException(List.of(new ConfigProblem(section.location(), SECTION,
          "must be a table of plugin id = \"sha256:<hex>\"", "")));
    }
    table.entries().forEach((id, node) -> {
      String key = SECTION + "." + id;
      if (!ID.matcher(id).matches()) {
        problems.add(new ConfigProblem(node.location(), key, "is not a plugin id (ids match [a-z][a-z0-9-]*)", ""));
      } else if (!(node instanceof ConfigNode.Leaf leaf) || !(leaf.value() instanceof String text)
          || !PIN.matcher(text).matches()) {
        problems.add(new ConfigProblem(node.location(), key, "must be \"sha256:\" and 64 lower-case hex digits",
            "print the pins of the installed jars with: eksnode plugins --format pins"));
      } else {
        pins.put(id, text.substring("sha256:".length()));
      }
    });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new PluginPins(pins);
  }

  /** Whether any jar is pinned; then every jar must be. */
  public boolean active() {
    return !pins.isEmpty();
  }

  /**
   * Why {@code jar} may not be loaded under these pins, if it may not.
   *
   * @param key the plugin id the jar declares, else its file name without {@code .jar}
   */
  Optional<String> refusal(Path jar, String key) {
    if (!active()) {
      return Optional.empty();
    }
    String expected = pins.get(key);
    String actual;
    try {
      actual = sha256(jar);
    } catch (IOException e) {
      return Optional.of("cannot read it to check its pin: " + e.getMessage());
    }
    if (expected == null) {
      return Optional.of("is not pinned: the image configuration pins " + String.join(", ", pins.keySet())
          + " and every jar must have a pin; add " + SECTION + ".\"" + key + "\" = \"sha256:" + actual
          + "\" if this jar is trusted");
    }
    if (!expected.equals(actual)) {
      return Optional.of("does not match its pin " + SECTION + ".\"" + key + "\": expected sha256:" + expected
          + ", actual sha256:" + actual);
    }
    return Optional.empty();
  }

  /** The SHA-256 of a file, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
