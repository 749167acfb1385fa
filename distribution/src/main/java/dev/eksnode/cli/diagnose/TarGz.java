package dev.eksnode.cli.diagnose;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a gzip'd POSIX ustar archive of regular files. Small on purpose: collect-logs archives
 * names it makes itself, so names are ASCII and at most 100 bytes, which is all plain ustar holds.
 */
final class TarGz implements Closeable {

  private final GZIPOutputStream out;
  private final long mtime;

  TarGz(OutputStream target, long mtimeSeconds) throws IOException {
    this.out = new GZIPOutputStream(target);
    this.mtime = mtimeSeconds;
  }

  void add(String name, byte[] content, int mode) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (nameBytes.length > 100 || !new String(nameBytes, StandardCharsets.US_ASCII).equals(name)) {
      throw new IllegalArgumentException("archive names are ASCII and at most 100 bytes: " + name);
    }
    byte[] header = new byte[512];
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, content.length);
    octal(header, 136, 12, mtime);
    java.util.Arrays.fill(header, 148, 156, (byte) ' '); // checksum is computed with spaces here
    header[156] = '0'; // regular file
    byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, header, 257, magic.length);
    header[263] = '0';
    header[264] = '0';
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    octal(header, 148, 7, sum);
    header[155] = ' ';
    out.write(header);
    out.write(content);
    int padding = (512 - content.length % 512) % 512;
    out.write(new byte[padding]);
  }

  private static void octal(byte[] header, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > length - 1) {
      throw new IllegalArgumentException("value too large for a ustar field: " + value);
    }
    String padded = "0".repeat(length - 1 - digits.length()) + digits;
    byte[] bytes = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
    header[offset + length - 1] = 0;
  }

  @Override
  public void close() throws IOException {
    out.write(new byte[1024]); // two zero blocks end the archive
    out.close();
  }
}
