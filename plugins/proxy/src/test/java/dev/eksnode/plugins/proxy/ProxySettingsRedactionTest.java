package dev.eksnode.plugins.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eksnode.node.ProxySettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SPI's redaction of proxy URLs, which every message and log line about a proxy relies on. */
class ProxySettingsRedactionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://proxy:3128|http://proxy:3128",
      "http://user:pa%40ss@proxy:3128|http://***@proxy:3128",
      "http://user@proxy:3128|http://***@proxy:3128",
      "https://u:p@[fd00::1]:3128|https://***@[fd00::1]:3128",
      "http://proxy:3128/@x|http://proxy:3128/@x"})
  void redactsUserInfoOnly(String url, String shown) {
    assertEquals(shown, ProxySettings.redact(URI.create(url)));
  }

  @Test
  void toStringNeverShowsCredentials() {
    var settings = new ProxySettings(Optional.of(URI.create("http://u:secret@p:1")), Optional.empty(),
        List.of("localhost", "10.0.0.0/16"));
    assertEquals("ProxySettings[httpProxy=http://***@p:1, httpsProxy=none, noProxy=localhost,10.0.0.0/16]",
        settings.toString());
  }
}
