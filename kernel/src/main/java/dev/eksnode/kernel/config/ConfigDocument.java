package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigNode.Table;

/**
 * One configuration document, translated into eksnode's tree.
 *
 * @param source how messages name it, e.g. {@code user-data part 2 (application/node.eks.aws)}
 * @param format {@code eksnode TOML} or the name of the {@link dev.eksnode.spi.ConfigFormat} it was read with
 * @param tree the document in eksnode's keys, every value located in the original text
 */
@API(status = INTERNAL, since = "0.1.0")
public record ConfigDocument(String source, String format, Table tree) {}
