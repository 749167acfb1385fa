package dev.eksnode.plugins.core.image;

import dev.eksnode.node.Documents;
import dev.eksnode.node.VersionsManifest;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.FactKey;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the versions manifest ({@link VersionsManifest}): every component the image phase installed,
 * from the plugins' {@link Documents#COMPONENT_VERSIONS} contributions, and publishes them as {@link
 * #COMPONENTS} for the bill of materials. {@code eksnode versions} compares the manifest with the live
 * binaries.
 */
public final class WriteVersionsManifestStep implements Step {

  /** Every component installed and its version, as the manifest records them. */
  public record Components(Map<String, String> versions) {
    public Components {
      versions = Map.copyOf(versions);
    }
  }

  /** The components rendered into the manifest; only the core plugin's steps read it. */
  static final FactKey<Components> COMPONENTS = FactKey.of("core.internal.components", Components.class);

  @Override
  public String id() {
    return "core/versions-manifest";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Set<FactKey<?>> publishes() {
    return Set.of(COMPONENTS);
  }

  @Override
  public Set<DocumentKey<?>> renders() {
    return Set.of(Documents.COMPONENT_VERSIONS);
  }

  @Override
  public Outcome apply(StepContext context) {
    Map<String, String> components = new TreeMap<>();
    for (Contribution<Map<String, String>> contribution : context.contributions(Documents.COMPONENT_VERSIONS)) {
      components.putAll(contribution.value());
    }
    context.host().writeString(VersionsManifest.PATH, VersionsManifest.render(components), 0644);
    context.publish(COMPONENTS, new Components(components));
    return Outcome.done();
  }
}
