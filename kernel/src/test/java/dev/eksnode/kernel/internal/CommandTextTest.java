package dev.eksnode.kernel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTextTest {

  @Test
  void writesPlainArgumentsAsTheyAre() {
    assertEquals("systemctl restart kubelet.service --node-labels=a.b/c=d,e=f%x@y:z+1",
        CommandText.of(List.of("systemctl", "restart", "kubelet.service", "--node-labels=a.b/c=d,e=f%x@y:z+1")));
  }

  @Test
  void quotesEveryArgumentAShellWouldSplitOrExpandAsOneWord() {
    assertEquals("systemctl set-environment 'NO_PROXY=$(touch /tmp/x);`id`|${HOME}' 'it'\\''s' '' '*' '~' '#x'",
        CommandText.of(List.of("systemctl", "set-environment", "NO_PROXY=$(touch /tmp/x);`id`|${HOME}", "it's", "", "*", "~", "#x")));
  }

  @Test
  void writesControlCharactersAsCEscapes() {
    assertEquals("echo $'a\\nb\\tc\\x01\\\\d\\'e'", CommandText.of(List.of("echo", "a\nb\tc\u0001\\d'e")));
  }
}
