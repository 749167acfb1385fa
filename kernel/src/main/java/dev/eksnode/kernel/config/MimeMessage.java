package dev.eksnode.kernel.config;

import static dev.eksnode.spi.API.Status.INTERNAL;

import dev.eksnode.spi.API;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written reader for the MIME messages cloud-init and nodeadm accept as user data (RFC 2045
 * and 2046, the parts that matter): headers with folding, {@code multipart/*} with its boundary,
 * nested multiparts, and {@code Content-Transfer-Encoding} base64, quoted-printable, 7bit, 8bit and
 * binary. The JDK has no MIME parser, and a mail library would be a large dependency for this.
 *
 * <p>Parts are numbered in the order they appear, from 1; a part of a nested multipart gets a dotted
 * number ({@code 2.1}). Failures are {@link MimeException}s with a message for users.
 */
@API(status = INTERNAL, since = "0.1.0")
public final class MimeMessage {

  /** How deep multiparts may nest. */
  static final int MAX_DEPTH = 4;

  /** A leaf part. */
  public record Part(String number, String mediaType, Map<String, String> parameters, byte[] body) {}

  /** The message is malformed. {@code line} is 1-based in the message, 0 when unknown. */
  public static final class MimeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    MimeException(String message, int line) {
      super(message, null, false, false);
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  private MimeMessage() {}

  /**
   * Whether the bytes start like a MIME message: a header block whose first header is a MIME header
   * ({@code MIME-Version} or {@code Content-*}).
   */
  public static boolean looksLikeMime(byte[] data) {
    int end = Math.min(data.length, 200);
    String head = new String(data, 0, end, StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
    return head.startsWith("mime-version:") || head.startsWith("content-type:") || head.startsWith("content-transfer-encoding:");
  }

  /** Splits a message into its leaf parts. A message that is not multipart is one part. */
  public static List<Part> parse(byte[] data) throws MimeException {
    List<Part> parts = new ArrayList<>();
    Lines lines = new Lines(data, 0, data.length, 1);
    entity(lines, "", parts, 0);
    return parts;
  }

  private static void entity(Lines lines, String number, List<Part> parts, int depth) throws MimeException {
    Headers headers = headers(lines);
    String contentType = headers.get("content-type", "text/plain");
    String mediaType = mediaType(contentType);
    int typeLine = headers.lineOf("content-type", lines.firstLine);
    Map<String, String> parameters = parameters(contentType, typeLine);
    int bodyStart = lines.position;
    if (mediaType.startsWith("multipart/")) {
      if (depth >= MAX_DEPTH) {
        throw new MimeException("multipart nested more than " + MAX_DEPTH + " deep", typeLine);
      }
      String boundary = parameters.get("boundary");
      if (boundary == null || boundary.isEmpty()) {
        throw new MimeException("Content-Type " + mediaType + " has no boundary parameter", typeLine);
      }
      multipart(lines, boundary, number, parts, depth);
      return;
    }
    byte[] body = decodeBody(lines.bytes(bodyStart, lines.end), headers, headers.lineOf("content-transfer-encoding", lines.lineAt(bodyStart)));
    parts.add(new Part(number.isEmpty() ? "1" : number, mediaType, parameters, body));
  }

  private static void multipart(Lines lines, String boundary, String number, List<Part> parts, int depth) throws MimeException {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int partStart = -1;
    int partLine = 0;
    int count = 0;
    while (lines.hasMore()) {
      int lineStart = lines.position;
      int lineNumber = lines.line;
      int lineEnd = lines.nextLine();
      int contentEnd = trimEnd(lines.data, lineStart, lineEnd);
      if (startsWith(lines.data, lineStart, contentEnd, delimiter)) {
        int after = lineStart + delimiter.length;
        boolean closing = after + 2 <= contentEnd && lines.data[after] == '-' && lines.data[after + 1] == '-';
        int rest = closing ? after + 2 : after;
        if (rest != contentEnd && !isBlank(lines.data, rest, contentEnd)) {
          continue; // a line that merely starts with the delimiter text
        }
        if (partStart >= 0) {
          count++;
          int bodyEnd = stripLineBreakBefore(lines.data, partStart, lineStart);
          String partNumber = number.isEmpty() ? String.valueOf(count) : number + "." + count;
          entity(new Lines(lines.data, partStart, bodyEnd, partLine), partNumber, parts, depth + 1);
        }
        if (closing) {
          return;
        }
        partStart = lines.position;
        partLine = lines.line;
      }
    }
    if (partStart < 0) {
      throw new MimeException("multipart body has no part: no line starts with the boundary --" + boundary, 0);
    }
    throw new MimeException(
        "ends without the closing boundary --" + boundary + "-- (the user data may be truncated)", lines.line);
  }

  /** A part's headers: values and the line each started on, by lower-case name; the first of a name wins. */
  private record Headers(Map<String, String> values, Map<String, Integer> lines) {
    Headers() {
      this(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    String get(String name, String otherwise) {
      return values.getOrDefault(name, otherwise);
    }

    int lineOf(String name, int otherwise) {
      return lines.getOrDefault(name, otherwise);
    }
  }

  private static Headers headers(Lines lines) throws MimeException {
    Headers headers = new Headers();
    String current = null;
    int currentLine = 0;
    while (true) {
      if (!lines.hasMore()) {
        if (current != null) {
          put(headers, current, currentLine);
        }
        return headers;
      }
      int start = lines.position;
      int number = lines.line;
      int end = lines.nextLine();
      int contentEnd = trimEnd(lines.data, start, end);
      if (contentEnd == start) {
        if (current != null) {
          put(headers, current, currentLine);
        }
        return headers;
      }
      String text = new String(lines.data, start, contentEnd - start, StandardCharsets.UTF_8);
      if (text.charAt(0) == ' ' || text.charAt(0) == '\t') {
        if (current == null) {
          throw new MimeException("header block starts with a continuation line", number);
        }
        current = current + " " + text.strip();
        continue;
      }
      if (current != null) {
        put(headers, current, currentLine);
      }
      if (text.indexOf(':') <= 0) {
        throw new MimeException("expected a header 'Name: value' or an empty line, found \"" + abbreviate(text) + "\"", number);
      }
      current = text;
      currentLine = number;
    }
  }

  private static void put(Headers headers, String header, int line) {
    int colon = header.indexOf(':');
    String name = header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    if (headers.values().putIfAbsent(name, header.substring(colon + 1).strip()) == null) {
      headers.lines().put(name, line);
    }
  }

  static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  static Map<String, String> parameters(String contentType, int line) throws MimeException {
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = contentType.indexOf(';');
    if (i < 0) {
      return parameters;
    }
    i++;
    int n = contentType.length();
    while (i < n) {
      while (i < n && (contentType.charAt(i) == ' ' || contentType.charAt(i) == '\t' || contentType.charAt(i) == ';')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int eq = contentType.indexOf('=', i);
      if (eq < 0) {
        throw new MimeException("Content-Type parameter \"" + contentType.substring(i).strip() + "\" has no value", line);
      }
      String name = contentType.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      StringBuilder value = new StringBuilder();
      if (i < n && contentType.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < n) {
          char c = contentType.charAt(i++);
          if (c == '\\' && i < n) {
            value.append(contentType.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new MimeException("Content-Type parameter " + name + " has an unterminated quoted value", line);
        }
      } else {
        while (i < n && contentType.charAt(i) != ';') {
          value.append(contentType.charAt(i++));
        }
      }
      parameters.put(name, value.toString().strip());
    }
    return parameters;
  }

  private static byte[] decodeBody(byte[] body, Headers headers, int line) throws MimeException {
    String encoding = headers.get("content-transfer-encoding", "7bit").toLowerCase(Locale.ROOT);
    return switch (encoding) {
      case "7bit", "8bit", "binary" -> body;
      case "base64" -> {
        try {
          yield Base64.getMimeDecoder().decode(body);
        } catch (IllegalArgumentException e) {
          throw new MimeException("part body is not valid base64: " + e.getMessage(), line);
        }
      }
      case "quoted-printable" -> quotedPrintable(body);
      default -> throw new MimeException("unsupported Content-Transfer-Encoding \"" + encoding + "\"", line);
    };
  }

  private static byte[] quotedPrintable(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '=' && i + 1 < body.length) {
        if (body[i + 1] == '\n') {
          i += 1;
          continue;
        }
        if (body[i + 1] == '\r' && i + 2 < body.length && body[i + 2] == '\n') {
          i += 2;
          continue;
        }
        if (i + 2 < body.length) {
          int hi = Character.digit(body[i + 1], 16);
          int lo = Character.digit(body[i + 2], 16);
          if (hi >= 0 && lo >= 0) {
            out.write(hi * 16 + lo);
            i += 2;
            continue;
          }
        }
      }
      out.write(b);
    }
    return out.toByteArray();
  }

  private static int trimEnd(byte[] data, int start, int end) {
    int e = end;
    while (e > start && (data[e - 1] == '\n' || data[e - 1] == '\r')) {
      e--;
    }
    return e;
  }

  private static boolean isBlank(byte[] data, int start, int end) {
    for (int i = start; i < end; i++) {
      if (data[i] != ' ' && data[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] data, int start, int end, byte[] prefix) {
    if (end - start < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[start + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1). */
  private static int stripLineBreakBefore(byte[] data, int start, int end) {
    int e = end;
    if (e > start && data[e - 1] == '\n') {
      e--;
      if (e > start && data[e - 1] == '\r') {
        e--;
      }
    }
    return e;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }

  /** A cursor over the lines of a byte range, counting line numbers. */
  private static final class Lines {
    final byte[] data;
    final int end;
    final int firstLine;
    int position;
    int line;
    private final int start;

    Lines(byte[] data, int start, int end, int firstLine) {
      this.data = data;
      this.start = start;
      this.end = end;
      this.position = start;
      this.line = firstLine;
      this.firstLine = firstLine;
    }

    boolean hasMore() {
      return position < end;
    }

    /** Advances past the next line and returns the end of its content including the line break. */
    int nextLine() {
      int i = position;
      while (i < end && data[i] != '\n') {
        i++;
      }
      int lineEnd = i < end ? i + 1 : i;
      position = lineEnd;
      line++;
      return lineEnd;
    }

    byte[] bytes(int from, int to) {
      byte[] copy = new byte[Math.max(0, to - from)];
      System.arraycopy(data, from, copy, 0, copy.length);
      return copy;
    }

    int lineAt(int offset) {
      int number = firstLine;
      for (int i = start; i < offset && i < end; i++) {
        if (data[i] == '\n') {
          number++;
        }
      }
      return number;
    }
  }
}
