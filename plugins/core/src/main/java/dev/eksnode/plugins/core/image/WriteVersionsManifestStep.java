package dev.eksnode.plugins.core.image;

import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the versions manifest {@code /etc/eksnode/versions.json}: every component the image phase
 * installed, from the plugins' {@link Documents#COMPONENT_VERSIONS} contributions. {@code eksnode
 * versions} compares it with the live binaries.
 */
public final class WriteVersionsManifestStep implements Step {

  public static final String PATH = "/etc/eksnode/versions.json";

  @Override
  public String id() {
    return "core/versions-manifest";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    Map<String, String> components = new TreeMap<>();
    for (Contribution<Map<String, String>> contribution : context.contributions(Documents.COMPONENT_VERSIONS)) {
      components.putAll(contribution.value());
    }
    context.host().writeString(PATH, render(components), 0644);
    return Outcome.done();
  }

  /**
   * The components a previous image run recorded, empty when there is no manifest or it cannot be read
   * (image steps then install again, which is what a damaged manifest calls for).
   */
  static Map<String, String> recorded(dev.eksnode.spi.Host host) {
    Map<String, String> components = new TreeMap<>();
    host.readString(PATH).ifPresent(text -> {
      try {
        JSON.readTree(text).path("components").properties()
            .forEach(e -> components.put(e.getKey(), e.getValue().asText()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        components.clear();
      }
    });
    return components;
  }

  /** Sorted keys, indented: stable bytes for the same components, readable with less. */
  public static String render(Map<String, String> components) {
    try {
      return JSON.writeValueAsString(Map.of("components", new TreeMap<>(components))) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always renders", e);
    }
  }

  public static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
}
