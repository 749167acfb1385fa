package dev.eksnode.spi;

import static dev.eksnode.spi.API.Status.STABLE;

import java.util.Collection;
import java.util.Set;

/**
 * A configuration dialect a plugin teaches eksnode, such as another tool's configuration file. The kernel
 * parses TOML, YAML and JSON itself; a format recognises a parsed document and translates it into
 * eksnode's own tree, keeping each value's location.
 */
@API(status = STABLE, since = "0.1.0")
public interface ConfigFormat {

  /** A short name for messages, e.g. {@code acme agent.yaml}. */
  String name();

  /** MIME types of user-data parts this format reads, e.g. {@code application/x-acme-config}. */
  Set<String> mediaTypes();

  /**
   * Whether a parsed YAML or JSON document that came without a media type is in this format (e.g. by
   * its {@code apiVersion} and {@code kind}). Recognise loosely (the API group alone, say) and let
   * {@link #translate} report a wrong version precisely.
   */
  boolean recognizes(ConfigNode.Table document);

  /**
   * Translates a document into eksnode's tree. Problems go to {@code context}; return what could be
   * translated. Keep each value's location, naming the key as the document wrote it ({@link
   * ConfigLocation#withKey}), so messages about the translated value point at the user's own text.
   */
  ConfigNode.Table translate(ConfigNode.Table document, Context context);

  /** What the kernel offers a format while it translates one document. */
  interface Context {

    /** Reports a problem; errors refuse the run, warnings are printed. */
    void report(ConfigProblem problem);

    /**
     * Reports a key the format does not know, suggesting the closest of {@code known}. A warning by
     * default (a format's own tool often ignores unknown keys, and real input relies on that); an
     * error with {@code --strict}.
     *
     * @param writtenKey the key's full path as the document wrote it, e.g. {@code spec.agent.endpoint}
     */
    void unknownKey(ConfigNode node, String writtenKey, Collection<String> known);

    /**
     * Parses a string value that holds a TOML document (a key of the foreign format whose value is a TOML document). Syntax
     * errors are reported at their line and column in the source when the string's text maps onto it
     * (a YAML block scalar), else at the string with the position inside it. Returns an empty table
     * when the text cannot be parsed.
     *
     * @param writtenKey the string's key as the document wrote it, for messages
     */
    ConfigNode.Table parseToml(ConfigNode.Leaf text, String writtenKey);
  }
}
