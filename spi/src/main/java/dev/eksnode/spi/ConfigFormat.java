package dev.eksnode.spi;

import java.util.List;
import java.util.Set;

/**
 * A configuration dialect a plugin teaches eksnode, such as nodeadm's {@code NodeConfig}. The kernel
 * parses TOML, YAML and JSON itself; a format recognises a parsed document and translates it into
 * eksnode's own tree, keeping each value's location. Stable API.
 */
public interface ConfigFormat {

  /** A short name for messages, e.g. {@code nodeadm NodeConfig}. */
  String name();

  /** MIME types of user-data parts this format reads, e.g. {@code application/node.eks.aws}. */
  Set<String> mediaTypes();

  /** Whether a parsed document is in this format (e.g. by its {@code apiVersion} and {@code kind}). */
  boolean recognizes(ConfigNode.Table document);

  /**
   * Translates a recognised document into eksnode's tree. Problems go to {@code problems} (unknown
   * keys as warnings are the caller's business: report them with a message starting {@code
   * warning:}); return what could be translated.
   */
  ConfigNode.Table translate(ConfigNode.Table document, List<ConfigProblem> problems);
}
