package dev.eksnode.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.Phase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Redaction}: secrets hidden by declaration and by what they are, in text and in streams. */
class RedactionTest {

  @Test
  void hidesCredentialsInUrlsUpToTheLastAtBeforeTheHost() {
    assertEquals("url = \"https://****@host/x\"", Redaction.redact("url = \"https://user:pw@host/x\""));
    assertEquals("refused http://****@proxy:3128: not a URL", Redaction.redact("refused http://user:p@ss@proxy:3128: not a URL"));
    assertEquals("server: https://api.example.com/a@b", Redaction.redact("server: https://api.example.com/a@b"));
    assertEquals("write it as http://[user:password@]host:port", Redaction.redact("write it as http://[user:password@]host:port"));
  }

  @Test
  void hidesTheValuesOfSettingsNamedAsSecrets() {
    assertEquals("  token: ****", Redaction.redact("  token: abc.def"));
    assertEquals("Environment=\"AWS_SECRET_ACCESS_KEY=****\"", Redaction.redact("Environment=\"AWS_SECRET_ACCESS_KEY=wJalr\""));
    assertEquals("AWS_SESSION_TOKEN=**** AWS_REGION=eu-west-1", Redaction.redact("AWS_SESSION_TOKEN=FwoGZ AWS_REGION=eu-west-1"));
    assertEquals("{\"password\": \"****\", \"secret\": true}", Redaction.redact("{\"password\": \"hunter22\", \"secret\": true}"));
    assertEquals("x-aws-ec2-metadata-token-ttl-seconds: 21600", Redaction.redact("x-aws-ec2-metadata-token-ttl-seconds: 21600"));
    assertEquals("Authorization: Bearer ****", Redaction.redact("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig"));
    assertEquals("key ****", Redaction.redact("key AKIAIOSFODNN7EXAMPLE"));
    assertEquals("Secret: never shown.", Redaction.redact("Secret: never shown."));
    assertEquals("plugins.acme.token: is required", Redaction.redact("plugins.acme.token: is required"));
    assertEquals("curl -H \"X-aws-ec2-metadata-token: $TOKEN\"", Redaction.redact("curl -H \"X-aws-ec2-metadata-token: $TOKEN\""));
  }

  @Test
  void leavesAPathSegmentNamedLikeASettingAlone() {
    assertEquals("last error: PUT /latest/api/token: HTTP 403", Redaction.redact("last error: PUT /latest/api/token: HTTP 403"));
    assertEquals("PUT /latest/api/token: Connection refused", Redaction.redact("PUT /latest/api/token: Connection refused"));
    assertEquals("token: ****", Redaction.redact("token: Connection"));
  }

  @Test
  void hidesPrivateKeys() {
    assertEquals("a\n-----BEGIN EC PRIVATE KEY----- **** -----END EC PRIVATE KEY-----\nb",
        Redaction.redact("a\n-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----\nb"));
  }

  @Test
  void hidesEveryValueOfAKeyDeclaredSecretWhateverItLooksLike() {
    ConfigKey enrolment = new ConfigKey("plugins.agent.enrolment", ConfigKey.Type.STRING, Optional.empty(), List.of(),
        "\"e-1\"", "The enrolment.").required(Phase.BOOT).asSecret();
    ConfigKey endpoint = new ConfigKey("plugins.agent.endpoint", ConfigKey.Type.STRING, Optional.empty(), List.of(),
        "\"https://a\"", "The endpoint.");
    Redaction.declareSecrets(List.of(enrolment, endpoint), TomlDocuments.parse("t.toml", """
        [plugins.agent]
        enrolment = "plain-looking-value-7"
        endpoint = "https://agent.example.com"
        """));

    assertEquals("sent **** to https://agent.example.com", Redaction.redact("sent plain-looking-value-7 to https://agent.example.com"));
  }

  @Test
  void aStreamRedactsWholeLinesAndHoldsAPrivateKeyUntilItsEnd() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream stream = Redaction.redacting(bytes)) {
      stream.write("proxy http://user:".getBytes(StandardCharsets.UTF_8));
      stream.write("pw@host\n-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.UTF_8));
      stream.flush();
      assertEquals("proxy http://****@host\n", bytes.toString(StandardCharsets.UTF_8));
      stream.write("MIIE\n-----END PRIVATE KEY-----\ndone".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("proxy http://****@host\n-----BEGIN PRIVATE KEY----- **** -----END PRIVATE KEY-----\ndone",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
