package dev.eksnode.plugins.core;

import dev.eksnode.spi.ConfigSection;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The core plugin's configuration, bound and validated.
 *
 * @param cluster the cluster the node joins
 */
public record CoreConfig(Cluster cluster) {

  /**
   * The cluster section.
   *
   * @param name the EKS cluster name
   * @param apiServerEndpoint the https URL of the API server
   * @param certificateAuthority the cluster CA as PEM bytes (user data carries it base64-encoded)
   */
  public record Cluster(String name, Optional<URI> apiServerEndpoint, Optional<byte[]> certificateAuthority) {}

  static CoreConfig bind(ConfigSection config) {
    config.section("plugins.core").allowOnly(Set.of());
    ConfigSection cluster = config.section("cluster");
    cluster.allowOnly(Set.of("name", "apiServerEndpoint", "certificateAuthority"));
    String name = cluster.string("name").orElse("");
    Optional<URI> endpoint = cluster.string("apiServerEndpoint").flatMap(text -> endpoint(cluster, text));
    Optional<byte[]> ca = cluster.string("certificateAuthority").flatMap(text -> certificate(cluster, text));
    return new CoreConfig(new Cluster(name, endpoint, ca));
  }

  private static Optional<URI> endpoint(ConfigSection cluster, String text) {
    try {
      URI uri = new URI(text);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        cluster.problem("apiServerEndpoint", "\"" + text + "\" is not an https URL", "e.g. https://ABC.gr7.us-west-2.eks.amazonaws.com");
        return Optional.empty();
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      cluster.problem("apiServerEndpoint", "\"" + text + "\" is not a URL: " + e.getReason());
      return Optional.empty();
    }
  }

  private static Optional<byte[]> certificate(ConfigSection cluster, String text) {
    byte[] pem;
    try {
      pem = Base64.getMimeDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      cluster.problem("certificateAuthority", "is not base64: " + e.getMessage());
      return Optional.empty();
    }
    try {
      CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
      return Optional.of(pem);
    } catch (CertificateException e) {
      cluster.problem("certificateAuthority", "does not decode to an X.509 certificate: " + e.getMessage());
      return Optional.empty();
    }
  }
}
