package dev.eksnode.plugins.proxy;

import dev.eksnode.node.ProxySettings;
import dev.eksnode.spi.ConfigKey.Type;
import dev.eksnode.spi.ConfigKey;
import dev.eksnode.spi.ConfigSection;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code [plugins.proxy]} section, bound and validated.
 *
 * @param httpProxy proxy for plain HTTP
 * @param httpsProxy proxy for HTTPS; defaults to {@code httpProxy}
 * @param noProxy entries the user adds after the automatic ones
 * @param autoNoProxy whether localhost, metadata, service and VPC CIDRs and a private API server are added
 * @param apiServerDirect {@code auto}, {@code always} or {@code never}: whether the API server host goes into NO_PROXY
 * @param services the systemd services that get the proxy environment
 * @param systemWide whether the systemd manager's default environment gets it too
 * @param caBundle PEM certificates of the proxy's CA, trusted system-wide
 */
record ProxyConfig(
    Optional<URI> httpProxy,
    Optional<URI> httpsProxy,
    List<String> noProxy,
    boolean autoNoProxy,
    String apiServerDirect,
    List<String> services,
    boolean systemWide,
    Optional<String> caBundle) {

  /** containerd and the kubelet, and eksnode's own boot unit so later boots' AWS calls use the proxy. */
  static final List<String> DEFAULT_SERVICES = List.of("containerd.service", "kubelet.service", "eksnode-bootstrap.service");
  /** Every key of {@code [plugins.proxy]}: the binder's known keys, the schema and docs/configuration.md. */
  static final List<ConfigKey> CONFIG_KEYS = List.of(
      key("httpProxy", Type.STRING, null, List.of(), "\"http://proxy.corp.example:3128\"",
          "Proxy for http:// URLs, http://[user:password@]host:port (a bare host:port means http://); the password is kept in a root-only file."),
      key("httpsProxy", Type.STRING, null, List.of(), "\"http://proxy.corp.example:3128\"",
          "Proxy for https:// URLs (AWS APIs, registries); httpProxy when not set."),
      key("noProxy", Type.STRING_LIST, null, List.of(), "[\".corp.example\", \"10.1.0.0/16\"]",
          "More hosts, .domains, addresses or CIDRs reached directly, after the automatic entries."),
      key("autoNoProxy", Type.BOOLEAN, true, List.of(), "false",
          "Complete NO_PROXY with localhost, metadata, the service CIDR, the VPC CIDRs and a private API server; metadata is always bypassed."),
      key("apiServerDirect", Type.STRING, "auto", List.of("auto", "always", "never"), "\"always\"",
          "Whether the API server's host goes into NO_PROXY; auto: when it is private."),
      key("services", Type.STRING_LIST, null, List.of(), "[\"containerd\", \"kubelet\", \"eksnode-bootstrap\", \"amazon-ssm-agent\"]",
          "systemd services that get the proxy environment; containerd, kubelet and eksnode-bootstrap when not set."),
      key("systemWide", Type.BOOLEAN, false, List.of(), "true",
          "Also set the systemd manager's default environment (every service); refused for a URL with credentials."),
      key("caBundle", Type.STRING, null, List.of(), "\"-----BEGIN CERTIFICATE-----\\nMIIBgTCCASegAwIBAgIURHbJ3Sm6q83AG2JWBRRQ/9ehqTswCgYIKoZIzj0EAwIwFTETMBEGA1UEAwwKa3ViZXJuZXRlczAgFw0yNjExMjQxMTQ3NDZaGA8yMTI2MTAzMTExNDc0NlowFTETMBEGA1UEAwwKa3ViZXJuZXRlczBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABPT+8Ob9HFT/uobf+HIxk9QmwMM7sJBOwP5TAcIGZFaGrj20rwAkv8WpV3HYwCo68z7JWqPdNfpIB7kpmMJTSimjUzBRMB0GA1UdDgQWBBT4zyLwXC299z3x7sBPAXzU8+aCrjAfBgNVHSMEGDAWgBT4zyLwXC299z3x7sBPAXzU8+aCrjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIHz4jAXgdHDLREFw1nlawucc/rpznNFPIkTnC7t+tEeQAiEAg9GELcf18zNycqad9a6z0wKZCra00m39cgk1ARuJ1vs=\\n-----END CERTIFICATE-----\\n\"",
          "PEM certificates of the proxy's CA, trusted system-wide (update-ca-trust)."));

  static final Set<String> KEYS =
      CONFIG_KEYS.stream().map(k -> k.path().substring("plugins.proxy.".length())).collect(Collectors.toUnmodifiableSet());

  private static ConfigKey key(String name, Type type, Object defaultValue, List<String> allowed, String example, String description) {
    return new ConfigKey("plugins.proxy." + name, type, Optional.ofNullable(defaultValue), allowed, example, description);
  }

  /** The URLs and the NO_PROXY list as the SPI fact, with {@code noProxy} already completed. */
  ProxySettings settings(List<String> completedNoProxy) {
    return new ProxySettings(httpProxy, httpsProxy, completedNoProxy);
  }

  /** Whether either URL carries {@code user:password@}. */
  boolean hasCredentials() {
    return httpProxy.map(u -> u.getRawUserInfo() != null).orElse(false)
        || httpsProxy.map(u -> u.getRawUserInfo() != null).orElse(false);
  }

  static ProxyConfig bind(ConfigSection section) {
    section.allowOnly(KEYS);
    Optional<URI> http = url(section, "httpProxy");
    Optional<URI> https = url(section, "httpsProxy");
    if (https.isEmpty()) {
      https = http;
    }
    List<String> noProxy = new ArrayList<>();
    for (String entry : section.strings("noProxy").orElse(List.of())) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty() || trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == '"')) {
        section.problem("noProxy", "\"" + entry + "\" is not a host, domain, address or CIDR",
            "give one entry per list element, without spaces or commas");
      } else {
        noProxy.add(trimmed);
      }
    }
    String direct = section.string("apiServerDirect").orElse("auto");
    if (!Set.of("auto", "always", "never").contains(direct)) {
      section.problem("apiServerDirect", "\"" + direct + "\" is not one of auto, always, never");
    }
    List<String> services = new ArrayList<>();
    for (String service : section.strings("services").orElse(DEFAULT_SERVICES)) {
      if (!service.matches("[A-Za-z0-9:_.@\\\\-]+")) {
        section.problem("services", "\"" + service + "\" is not a systemd unit name");
        continue;
      }
      services.add(service.contains(".") ? service : service + ".service");
    }
    boolean systemWide = section.bool("systemWide").orElse(false);
    Optional<String> ca = section.string("caBundle");
    ca.ifPresent(pem -> checkPem(section, pem));
    ProxyConfig config =
        new ProxyConfig(http, https, List.copyOf(noProxy), section.bool("autoNoProxy").orElse(true), direct,
            List.copyOf(services), systemWide, ca);
    if (systemWide && config.hasCredentials()) {
      section.problem("systemWide",
          "the systemd manager environment is readable by every user (systemctl show-environment), "
              + "so a proxy URL with credentials cannot go there",
          "leave systemWide off and list the services that need the proxy in services");
    }
    return config;
  }

  private static Optional<URI> url(ConfigSection section, String key) {
    Optional<String> text = section.string(key);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get().trim();
    if (!value.contains("://")) {
      // As Go and curl read HTTP_PROXY: a bare host:port is an http:// proxy.
      value = "http://" + value;
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      // The message would echo the value, credentials included.
      section.problem(key, "is not a URL", "write it as http://[user:password@]host:port");
      return Optional.empty();
    }
    String shown = uri.isOpaque() ? "the value" : "\"" + ProxySettings.redact(uri) + "\"";
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      section.problem(key, shown + " is not an http:// or https:// URL", "write it as http://[user:password@]host:port");
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      section.problem(key, shown + " has no host", "write it as http://[user:password@]host:port");
      return Optional.empty();
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      section.problem(key, shown + " has a path, query or fragment; a proxy URL is scheme, host and port");
      return Optional.empty();
    }
    if (value.chars().anyMatch(c -> c == '"' || c == '\\' || c == '\'' || c < 0x21)) {
      section.problem(key, shown + " contains quotes, backslashes or control characters",
          "percent-encode them (e.g. ' as %27)");
      return Optional.empty();
    }
    return Optional.of(uri);
  }

  private static void checkPem(ConfigSection section, String pem) {
    try {
      var certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty() || !pem.contains("-----BEGIN CERTIFICATE-----")) {
        section.problem("caBundle", "holds no PEM certificate", "paste the CA's -----BEGIN CERTIFICATE----- block");
      }
    } catch (CertificateException e) {
      section.problem("caBundle", "is not a PEM X.509 certificate bundle: " + e.getMessage(),
          "paste the CA's -----BEGIN CERTIFICATE----- block");
    }
  }
}
