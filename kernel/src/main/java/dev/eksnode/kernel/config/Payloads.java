package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import dev.eksnode.spi.ConfigException;
import dev.eksnode.spi.ConfigLocation;
import dev.eksnode.spi.ConfigProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Undoes the encodings user data arrives in: base64 (EC2 launch templates and Terraform often
 * base64-encode once more than needed) and gzip (cloud-init's way to fit the 16 KiB limit), in any
 * order and up to {@link #MAX_LAYERS} layers, with bounds so hostile input cannot exhaust memory.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class Payloads {

  /** The largest input eksnode reads from one source: 16 MiB (EC2 itself allows 16 KiB of user data). */
  public static final int MAX_RAW_BYTES = 16 * 1024 * 1024;

  /** The most that decompressing one source may produce: 64 MiB, shared by every gzip layer and part. */
  public static final int MAX_DECODED_BYTES = 64 * 1024 * 1024;

  /** How many base64 or gzip layers are undone before the content must be plain. */
  public static final int MAX_LAYERS = 4;

  private Payloads() {}

  /** Refuses input larger than {@link #MAX_RAW_BYTES}. */
  public static void checkRawSize(String source, long size) {
    if (size > MAX_RAW_BYTES) {
      throw fail(source, "is " + size + " bytes, more than the " + MAX_RAW_BYTES + " bytes (16 MiB) eksnode reads from one source");
    }
  }

  /**
   * Removes base64 and gzip layers until the content is neither.
   *
   * @param budget what decompression may still produce; decremented
   */
  public static byte[] decode(String source, byte[] data, Budget budget) {
    byte[] current = data;
    for (int layer = 0; layer <= MAX_LAYERS; layer++) {
      boolean gzip = isGzip(current);
      boolean base64 = !gzip && looksLikeBase64(current);
      if (!gzip && !base64) {
        return current;
      }
      if (layer == MAX_LAYERS) {
        throw fail(source, "is still encoded after " + MAX_LAYERS + " layers of base64 and gzip");
      }
      current = gzip ? gunzip(source, current, budget) : Base64.getMimeDecoder().decode(current);
      budget.layers++;
    }
    return current;
  }

  /** Whether the bytes start with the gzip magic number. */
  public static boolean isGzip(byte[] data) {
    return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
  }

  /**
   * Whether the bytes are base64 and nothing else: the base64 alphabet and whitespace only, at least
   * one quad, padding only at the end. No configuration document passes this: TOML needs {@code =}
   * inside a line, YAML and JSON a colon or a brace.
   */
  static boolean looksLikeBase64(byte[] data) {
    int symbols = 0;
    int padding = 0;
    for (byte b : data) {
      int c = b & 0xff;
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        continue;
      }
      if (c == '=') {
        padding++;
        if (padding > 2) {
          return false;
        }
        continue;
      }
      if (padding > 0) {
        return false;
      }
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!alphabet) {
        return false;
      }
      symbols++;
    }
    return symbols >= 4 && (symbols + padding) % 4 == 0;
  }

  private static byte[] gunzip(String source, byte[] data, Budget budget) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(data.length * 4, 1 << 20));
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) > 0) {
        budget.spend(source, read);
        out.write(buffer, 0, read);
      }
      return out.toByteArray();
    } catch (ZipException | java.io.EOFException e) {
      throw fail(source, "is not valid gzip: " + (e.getMessage() == null ? "truncated" : e.getMessage()));
    } catch (IOException e) {
      throw fail(source, "cannot be decompressed: " + e.getMessage());
    }
  }

  /** Decodes strict UTF-8 (a byte-order mark is dropped); an error names the source. */
  public static String utf8(String source, byte[] data) {
    return utf8(source, data, null);
  }

  /** {@link #utf8(String, byte[])}, saying in an error that the text came out of base64 or gzip. */
  public static String utf8(String source, byte[] data, Budget budget) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw fail(source, budget != null && budget.layers > 0
          ? "decodes (base64/gzip) to bytes that are not UTF-8 text"
          : "is not UTF-8 text (nor base64 or gzip)");
    }
  }

  static ConfigException fail(String source, String message) {
    return new ConfigException(List.of(new ConfigProblem(ConfigLocation.of(source), "", message, "")));
  }

  /** What decompression may still produce for one source. Not thread-safe. */
  public static final class Budget {
    private long remaining;
    private int layers;

    public Budget(long bytes) {
      this.remaining = bytes;
    }

    /** A budget of {@link #MAX_DECODED_BYTES}. */
    public static Budget standard() {
      return new Budget(MAX_DECODED_BYTES);
    }

    void spend(String source, int bytes) {
      remaining -= bytes;
      if (remaining < 0) {
        throw fail(source, "decompresses to more than " + MAX_DECODED_BYTES + " bytes (64 MiB); refusing it as a likely gzip bomb");
      }
    }
  }
}
