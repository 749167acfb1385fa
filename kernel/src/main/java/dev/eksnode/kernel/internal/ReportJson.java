package dev.eksnode.kernel.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.eksnode.kernel.config.Redaction;
import dev.eksnode.kernel.Kernel;
import dev.eksnode.kernel.ManagedFile;
import dev.eksnode.kernel.RunReport;
import dev.eksnode.kernel.StepRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a run report with Jackson's streaming generator. Every boot writes a report, and the
 * generator costs a fraction of databind's start-up; {@link Kernel#readReport} reads the same JSON
 * back with databind, and a test checks the two agree. Step details, changes and actions pass through
 * {@link Redaction}: the report is world-readable.
 */
public final class ReportJson {

  private ReportJson() {}

  public static byte[] write(RunReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(bytes).useDefaultPrettyPrinter()) {
      json.writeStartObject();
      json.writeStringField("kernel", report.kernel());
      json.writeStringField("phase", report.phase());
      json.writeStringField("root", report.root());
      json.writeStringField("started", report.started());
      json.writeNumberField("durationMillis", report.durationMillis());
      json.writeStringField("result", report.result());
      json.writeArrayFieldStart("plugins");
      for (RunReport.PluginEntry plugin : report.plugins()) {
        json.writeStartObject();
        json.writeStringField("id", plugin.id());
        json.writeStringField("version", plugin.version());
        json.writeStringField("source", plugin.source());
        json.writeBooleanField("enabled", plugin.enabled());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("steps");
      for (StepRecord step : report.steps()) {
        json.writeStartObject();
        json.writeStringField("id", step.id());
        json.writeStringField("plugin", step.plugin());
        json.writeStringField("outcome", step.outcome());
        json.writeStringField("detail", Redaction.redact(step.detail()));
        json.writeNumberField("startMillis", step.startMillis());
        json.writeNumberField("durationMillis", step.durationMillis());
        strings(json, "changes", step.changes());
        strings(json, "actions", step.actions());
        strings(json, "waitedFor", step.waitedFor());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("files");
      for (ManagedFile file : report.files()) {
        json.writeStartObject();
        json.writeStringField("path", file.path());
        json.writeStringField("mode", file.mode());
        json.writeStringField("sha256", file.sha256());
        json.writeStringField("keyedSha256", file.keyedSha256());
        json.writeStringField("step", file.step());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render the run report", e);
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }

  private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(Redaction.redact(value));
    }
    json.writeEndArray();
  }
}
