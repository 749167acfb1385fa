package dev.eksnode.plugins.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.spi.Host;
import dev.eksnode.spi.Outcome;
import dev.eksnode.spi.Phase;
import dev.eksnode.spi.Step;
import dev.eksnode.spi.StepContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records the profiles and waivers the image was hardened with in {@code /etc/eksnode/compliance.json},
 * so {@code eksnode compliance report} checks against them without the image configuration.
 */
final class RecordAppliedProfileStep implements Step {

  static final String PATH = "/etc/eksnode/compliance.json";
  /** Loaded on first use: Jackson databind costs start-up, and most runs never write or read the record. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  @Override
  public String id() {
    return "compliance/applied-profile";
  }

  @Override
  public Phase phase() {
    return Phase.IMAGE;
  }

  @Override
  public Outcome apply(StepContext context) {
    ComplianceSettings settings = ComplianceSettings.of(context);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("profiles", settings.profiles());
    List<Map<String, String>> waivers = new ArrayList<>();
    settings.waivers().forEach((id, reason) -> {
      Map<String, String> waiver = new LinkedHashMap<>();
      waiver.put("id", id);
      waiver.put("reason", reason);
      waivers.add(waiver);
    });
    record.put("waivers", waivers);
    try {
      context.host().writeString(PATH, Json.MAPPER.writeValueAsString(record) + "\n", 0644);
    } catch (JsonProcessingException e) {
      throw new EksnodeException("cannot render " + PATH + ": " + e.getOriginalMessage(), e);
    }
    return Outcome.done();
  }

  /** The profiles and waivers recorded on a root, or empty when the image was not hardened by eksnode. */
  static Optional<Map.Entry<List<String>, Map<String, String>>> read(Host host) {
    Optional<String> text = host.readString(PATH);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Map<?, ?> record = Json.MAPPER.readValue(text.get(), Map.class);
      List<String> profiles = new ArrayList<>();
      if (record.get("profiles") instanceof List<?> list) {
        list.forEach(p -> profiles.add(String.valueOf(p)));
      }
      Map<String, String> waivers = new LinkedHashMap<>();
      if (record.get("waivers") instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> waiver) {
            waivers.put(String.valueOf(waiver.get("id")), String.valueOf(waiver.get("reason")));
          }
        }
      }
      return Optional.of(Map.entry(profiles, waivers));
    } catch (JsonProcessingException e) {
      throw new EksnodeException(PATH + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
