package dev.eksnode.kernel.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MimeMessageTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String body(MimeMessage.Part part) {
    return new String(part.body(), StandardCharsets.UTF_8);
  }

  @Test
  void splitsKarpenterStyleUserData() throws Exception {
    String message = """
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="//"

        --//
        Content-Type: application/node.eks.aws

        apiVersion: node.eks.aws/v1alpha1
        kind: NodeConfig

        --//
        Content-Type: text/x-shellscript; charset="us-ascii"

        #!/bin/bash
        echo hello

        --//--
        """;
    List<MimeMessage.Part> parts = MimeMessage.parse(bytes(message));
    assertEquals(2, parts.size());
    assertEquals("1", parts.get(0).number());
    assertEquals("application/node.eks.aws", parts.get(0).mediaType());
    assertEquals("apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\n", body(parts.get(0)));
    assertEquals("text/x-shellscript", parts.get(1).mediaType());
    assertEquals("us-ascii", parts.get(1).parameters().get("charset"));
  }

  @Test
  void handlesCrlfUnquotedBoundariesFoldedHeadersAndBase64Parts() throws Exception {
    String encoded = Base64.getMimeEncoder().encodeToString(bytes("a = 1\n"));
    String message = "Content-Type: multipart/mixed;\r\n boundary=XYZ\r\n\r\npreamble\r\n--XYZ\r\n"
        + "Content-Type: application/x-eksnode+toml\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n--XYZ--\r\nepilogue";
    List<MimeMessage.Part> parts = MimeMessage.parse(bytes(message));
    assertEquals(1, parts.size());
    assertEquals("a = 1\n", body(parts.getFirst()));
  }

  @Test
  void numbersNestedPartsWithDots() throws Exception {
    String message = """
        Content-Type: multipart/mixed; boundary="outer"

        --outer
        Content-Type: text/cloud-config

        #cloud-config
        --outer
        Content-Type: multipart/alternative; boundary="inner"

        --inner
        Content-Type: application/node.eks.aws

        kind: NodeConfig
        --inner--
        --outer--
        """;
    List<MimeMessage.Part> parts = MimeMessage.parse(bytes(message));
    assertEquals(List.of("1", "2.1"), parts.stream().map(MimeMessage.Part::number).toList());
  }

  @Test
  void treatsASinglePartMessageAsPartOne() throws Exception {
    List<MimeMessage.Part> parts = MimeMessage.parse(bytes("Content-Type: application/node.eks.aws\n\nkind: NodeConfig\n"));
    assertEquals(1, parts.size());
    assertEquals("kind: NodeConfig\n", body(parts.getFirst()));
  }

  @Test
  void refusesAMultipartWithoutBoundary() {
    var e = assertThrows(MimeMessage.MimeException.class, () -> MimeMessage.parse(bytes("Content-Type: multipart/mixed\n\n--x\n")));
    assertEquals("Content-Type multipart/mixed has no boundary parameter", e.getMessage());
  }

  @Test
  void refusesTruncatedUserData() {
    var e = assertThrows(MimeMessage.MimeException.class,
        () -> MimeMessage.parse(bytes("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhello\n")));
    assertEquals("ends without the closing boundary --b-- (the user data may be truncated)", e.getMessage());
    assertEquals(7, e.line());
  }

  @Test
  void recognisesMimeByItsFirstHeader() {
    assertTrue(MimeMessage.looksLikeMime(bytes("MIME-Version: 1.0\n")));
    assertTrue(MimeMessage.looksLikeMime(bytes("content-type: multipart/mixed; boundary=a\n")));
    assertFalse(MimeMessage.looksLikeMime(bytes("apiVersion: node.eks.aws/v1alpha1\n")));
    assertFalse(MimeMessage.looksLikeMime(bytes("[cluster]\n")));
  }
}
