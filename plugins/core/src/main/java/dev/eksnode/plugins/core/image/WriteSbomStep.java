package dev.eksnode.plugins.core.image;

import dev.eksnode.plugins.core.config.NodeSettings;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Image phase: writes {@value #PATH}, a CycloneDX 1.5 bill of materials (components with name, version
 * and package URL; no timestamps, so the same components give the same bytes) from the components the
 * versions manifest records ({@link WriteVersionsManifestStep#COMPONENTS}).
 */
public final class WriteSbomStep implements Step {

  static final String ID = "core/sbom";
  static final String PATH = "/etc/eksnode/sbom.json";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<FactKey<?>> reads() {
    return Set.of(WriteVersionsManifestStep.COMPONENTS);
  }

  @Override
  public Outcome apply(StepContext context) {
    if (context.config(NodeSettings.class).image().kubernetesVersion().isEmpty()) {
      return Outcome.skipped("no [image] section in the configuration");
    }
    context.host().writeString(PATH, render(context.requireFact(WriteVersionsManifestStep.COMPONENTS).versions()), 0644);
    return Outcome.done();
  }

  static String render(Map<String, String> components) {
    List<Map<String, Object>> list = new ArrayList<>();
    new TreeMap<>(components).forEach((name, version) -> {
      Map<String, Object> component = new LinkedHashMap<>();
      component.put("type", "application");
      component.put("bom-ref", name);
      component.put("name", name);
      component.put("version", version);
      component.put("purl", "pkg:generic/" + name + "@" + version);
      list.add(component);
    });
    Map<String, Object> bom = new LinkedHashMap<>();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.5");
    bom.put("version", 1);
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("type", "operating-system");
    image.put("name", "eksnode-node-image");
    bom.put("metadata", Map.of("component", image));
    bom.put("components", list);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(bom) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always render", e);
    }
  }
}
