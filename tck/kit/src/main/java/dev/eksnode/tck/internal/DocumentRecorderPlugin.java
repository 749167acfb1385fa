package dev.eksnode.tck.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eksnode.spi.Contribution;
import dev.eksnode.spi.DocumentKey;
import dev.eksnode.spi.Documents;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Plugin;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the core plugin's document renderers when a case does not install the core plugin: a
 * plugin with id {@code core} whose steps carry the renderer ids of {@link Documents} ({@code
 * core/kubelet-config}, {@code core/kubelet-service}, ...) and write each shared document's
 * contributions, in step order, to {@value #DIRECTORY}{@code /<document>.txt}. A plugin's
 * contributions then show in its snapshots without the core plugin's rendering, which changes on its
 * own schedule.
 */
public final class DocumentRecorderPlugin implements Plugin {

  /** How runs name this plugin's source. */
  public static final String SOURCE = "conformance kit stand-in";

  /** Where the recorded documents are written, under the root. */
  public static final String DIRECTORY = "/var/lib/eksnode-tck/documents";

  private static final List<DocumentKey<?>> DOCUMENTS =
      List.of(Documents.KUBELET_CONFIG, Documents.KUBELET_FLAGS, Documents.NODE_LABELS, Documents.NODE_TAINTS,
          Documents.CONTAINERD_CONFIG, Documents.BASE_RUNTIME_SPEC, Documents.SERVICE_ENVIRONMENT);

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  @Override
  public String id() {
    return "core";
  }

  @Override
  public String version() {
    return "0.0.0";
  }

  @Override
  public String description() {
    return "The conformance kit's stand-in for the core plugin's document renderers.";
  }

  @Override
  public boolean enabledByDefault() {
    return true;
  }

  @Override
  public List<String> ownedPaths() {
    return List.of(DIRECTORY + "/**");
  }

  @Override
  public List<Step> steps() {
    Map<String, List<DocumentKey<?>>> byRenderer = new LinkedHashMap<>();
    DOCUMENTS.forEach(key -> byRenderer.computeIfAbsent(key.renderedBy(), k -> new ArrayList<>()).add(key));
    List<Step> steps = new ArrayList<>();
    byRenderer.forEach((renderer, keys) -> steps.add(new RecordStep(renderer, keys)));
    return steps;
  }

  private record RecordStep(String id, List<DocumentKey<?>> keys) implements Step {
    @Override
    public Phase phase() {
      return Phase.BOOT;
    }

    @Override
    public Outcome apply(StepContext context) {
      boolean any = false;
      for (DocumentKey<?> key : keys) {
        List<? extends Contribution<?>> contributions = context.contributions(key);
        if (contributions.isEmpty()) {
          continue;
        }
        any = true;
        StringBuilder text = new StringBuilder("# " + key.name() + ": contributions in step order, recorded by the"
            + " conformance kit in place of " + key.renderedBy() + "\n");
        for (Contribution<?> contribution : contributions) {
          text.append(contribution.stepId()).append(": ").append(json(contribution.value())).append('\n');
        }
        context.host().writeString(DIRECTORY + "/" + key.name() + ".txt", text.toString(), 0644);
      }
      return any ? Outcome.done() : Outcome.skipped("no contributions");
    }

    private static String json(Object value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        throw new EksnodeException("cannot render a contribution: " + e.getOriginalMessage(), e);
      }
    }
  }
}
