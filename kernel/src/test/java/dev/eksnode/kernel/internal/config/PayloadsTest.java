package dev.eksnode.kernel.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eksnode.spi.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  private static final byte[] TOML = "[cluster]\nname = \"a\"\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void leavesPlainTextAlone() {
    assertArrayEquals(TOML, Payloads.decode("u", TOML, Payloads.Budget.standard()));
  }

  @Test
  void undoesBase64OfGzipAndGzipOfBase64() throws IOException {
    byte[] b64gz = Base64.getMimeEncoder().encode(gzip(TOML));
    assertArrayEquals(TOML, Payloads.decode("u", b64gz, Payloads.Budget.standard()));
    byte[] gzb64 = gzip(Base64.getEncoder().encode(TOML));
    assertArrayEquals(TOML, Payloads.decode("u", gzb64, Payloads.Budget.standard()));
  }

  @Test
  void doesNotTakeConfigurationForBase64() {
    assertFalse(Payloads.looksLikeBase64("a = 1".getBytes(StandardCharsets.UTF_8)));
    assertFalse(Payloads.looksLikeBase64("kind: NodeConfig".getBytes(StandardCharsets.UTF_8)));
    assertFalse(Payloads.looksLikeBase64("{}".getBytes(StandardCharsets.UTF_8)));
    assertFalse(Payloads.looksLikeBase64("".getBytes(StandardCharsets.UTF_8)));
    assertTrue(Payloads.looksLikeBase64("YWJj\nZA==\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusesAGzipBombOverTheBound() throws IOException {
    byte[] bomb = gzip(new byte[Payloads.MAX_DECODED_BYTES + 1024]);
    assertTrue(bomb.length < 200_000, "the test input itself is small: " + bomb.length);
    ConfigException e = assertThrows(ConfigException.class, () -> Payloads.decode("user-data", bomb, Payloads.Budget.standard()));
    assertEquals("user-data: decodes (base64/gzip) to more than 1048576 bytes (1 MiB); refusing it as a likely decompression bomb",
        e.problems().getFirst().toString());
  }

  @Test
  void reportsTruncatedGzip() throws IOException {
    byte[] whole = gzip(TOML);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);
    ConfigException e = assertThrows(ConfigException.class, () -> Payloads.decode("u", cut, Payloads.Budget.standard()));
    assertTrue(e.problems().getFirst().message().startsWith("is not valid gzip"), e.getMessage());
  }

  @Test
  void refusesEndlessEncodingLayers() throws IOException {
    byte[] data = TOML;
    for (int i = 0; i < Payloads.MAX_LAYERS + 1; i++) {
      data = Base64.getEncoder().encode(data);
    }
    byte[] layered = data;
    ConfigException e = assertThrows(ConfigException.class, () -> Payloads.decode("u", layered, Payloads.Budget.standard()));
    assertEquals("u: is still encoded after 4 layers of base64 and gzip", e.problems().getFirst().toString());
  }

  @Test
  void refusesRawInputOverTheBound() {
    ConfigException e = assertThrows(ConfigException.class, () -> Payloads.checkRawSize("f", Payloads.MAX_RAW_BYTES + 1L));
    assertEquals("f: is more than 1048576 bytes, more than the 1048576 bytes (1 MiB) eksnode reads from one source",
        e.problems().getFirst().toString());
  }

  @Test
  void reportsBinaryThatIsNotText() {
    ConfigException e = assertThrows(ConfigException.class, () -> Payloads.utf8("u", new byte[] {(byte) 0xff, (byte) 0xfe, 0}));
    assertEquals("u: is not UTF-8 text (nor base64 or gzip)", e.problems().getFirst().toString());
  }
}
