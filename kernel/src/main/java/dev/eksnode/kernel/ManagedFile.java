package dev.eksnode.kernel;

import static dev.eksnode.spi.API.Status.EXPERIMENTAL;

import dev.eksnode.spi.API;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A file a run manages: written, or found already as it should be. {@code eksnode verify-node} checks
 * the machine against these.
 *
 * <p>The run report is world-readable, and a digest of a short secret (a proxy password in an
 * environment file) is as good as the secret to anyone who can guess candidates. So a file that is
 * not world-readable gets no plain digest: only {@code keyedSha256}, an HMAC under the node's report
 * key ({@link Kernel#REPORT_KEY}, readable by root alone), which says nothing to whoever cannot read
 * that key.
 *
 * @param path the node path, e.g. {@code /etc/kubernetes/pki/ca.crt}
 * @param mode the permission bits as four octal digits, e.g. {@code 0644}
 * @param sha256 the content's SHA-256, lower-case hex; null for a file that is not world-readable
 * @param keyedSha256 for a file that is not world-readable, {@link #keyedDigest} of its content; else null
 * @param step the step that manages it
 */
@API(status = EXPERIMENTAL, since = "0.1.0")
public record ManagedFile(String path, String mode, String sha256, String keyedSha256, String step) {

  /** A file with a plain digest (the form of reports written before keyed digests). */
  public ManagedFile(String path, String mode, String sha256, String step) {
    this(path, mode, sha256, null, step);
  }

  /** Whether the mode lets every user read the file, and so its digest may be published. */
  public boolean worldReadable() {
    return (Integer.parseInt(mode, 8) & 04) != 0;
  }

  /** This entry as the report holds it: the plain digest replaced by a keyed one unless world-readable. */
  ManagedFile forReport(byte[] key) {
    return worldReadable() || sha256 == null ? this : new ManagedFile(path, mode, null, keyed(key, sha256), step);
  }

  /**
   * The keyed digest of a content: HMAC-SHA256 under {@code key} of the content's SHA-256 (lower-case
   * hex), itself lower-case hex.
   */
  public static String keyedDigest(byte[] key, byte[] content) {
    return keyed(key, StepHost.sha256(content));
  }

  private static String keyed(byte[] key, String sha256) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(sha256.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
