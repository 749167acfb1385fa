package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.EksnodeException;
import dev.eksnode.tck.emulator.MetadataEmulator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The real AWS SDK metadata client against the loopback IMDSv2 emulator. */
class ImdsUserDataTest {

  private final ImdsUserData source = new ImdsUserData();

  private static MetadataEmulator emulator(Map<String, Object> description) throws Exception {
    return MetadataEmulator.start(new ObjectMapper().writeValueAsString(description));
  }

  @Test
  void readsUserDataWithAToken() throws Exception {
    try (MetadataEmulator imds = emulator(Map.of("user-data", "[cluster]\nname = \"x\"\n"))) {
      Optional<byte[]> bytes = source.fetch(ImdsUserData.USER_DATA, imds.environment());
      assertEquals("[cluster]\nname = \"x\"\n", new String(bytes.orElseThrow(), StandardCharsets.UTF_8));
      assertEquals(1, imds.requests().get("PUT /latest/api/token"));
      assertEquals(1, imds.requests().get("GET /latest/user-data"));
    }
  }

  @Test
  void readsBinaryUserDataByteForByte() throws Exception {
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("[cluster]\nname = \"gz\"\n".getBytes(StandardCharsets.UTF_8));
    }
    byte[] gzip = gz.toByteArray();
    try (MetadataEmulator imds = emulator(Map.of(MetadataEmulator.USER_DATA_BASE64, Base64.getEncoder().encodeToString(gzip)))) {
      assertArrayEquals(gzip, source.fetch(ImdsUserData.USER_DATA, imds.environment()).orElseThrow());
    }
  }

  @Test
  void takesNotFoundAsNoUserData() throws Exception {
    try (MetadataEmulator imds = emulator(Map.of("meta-data", Map.of("instance-id", "i-1")))) {
      assertEquals(Optional.empty(), source.fetch(ImdsUserData.USER_DATA, imds.environment()));
    }
  }

  @Test
  void refusesOtherPathsAndADisabledService() {
    ConfigException path = assertThrows(ConfigException.class,
        () -> source.fetch(URI.create("imds://meta-data/instance-id"), Map.of()));
    assertEquals("imds://meta-data/instance-id: eksnode reads only imds://user-data from instance metadata", path.problems().getFirst().toString());
    ConfigException disabled = assertThrows(ConfigException.class,
        () -> source.fetch(ImdsUserData.USER_DATA, Map.of("AWS_EC2_METADATA_DISABLED", "true")));
    assertEquals("user-data: instance metadata is disabled (AWS_EC2_METADATA_DISABLED=true) "
        + "(name the configuration with --config-source file:///path instead)", disabled.problems().getFirst().toString());
  }

  @Test
  void reportsAnUnreachableServiceAsAFailureNamingEndpointAndLastErrorWithinTheDeadline() {
    long start = System.nanoTime();
    EksnodeException e = assertThrows(EksnodeException.class,
        () -> source.fetch(ImdsUserData.USER_DATA,
            Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1", ImdsUserData.DEADLINE, "1.5")));
    assertFalse(e instanceof ConfigException, "an unreachable service is not bad input: " + e);
    assertTrue(e.getMessage().startsWith("user-data: instance metadata at http://127.0.0.1:1 did not answer /latest/user-data "
        + "within the deadline of 1.5 s (EKSNODE_IMDS_DEADLINE_SECONDS); last error: PUT /latest/api/token: "), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  @Test
  void isADefaultSourceOnALiveNodeOrWithAnEndpoint() {
    assertEquals(Optional.of(ImdsUserData.USER_DATA), source.defaultSource(true, Map.of()));
    assertEquals(Optional.of(ImdsUserData.USER_DATA), source.defaultSource(false, Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://x")));
    assertEquals(Optional.empty(), source.defaultSource(false, Map.of()));
  }
}
