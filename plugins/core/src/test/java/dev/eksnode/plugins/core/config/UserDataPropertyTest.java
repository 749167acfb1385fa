package dev.eksnode.plugins.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.eksnode.kernel.config.ConfigPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Whatever bytes arrive as user data, reading and binding them ends in a bound model or in
 * configuration problems, never in another exception. Seeded, so a failure names its input.
 */
class UserDataPropertyTest {

  private static final long SEED = 0x5EED_E45L;
  private static final int RANDOM_INPUTS = 2000;

  /** Reads and binds; any exception escaping is a defect. */
  private static void check(byte[] input, String description) {
    for (ConfigPolicy policy : List.of(ConfigPolicy.DEFAULT, new ConfigPolicy(true, false), new ConfigPolicy(false, true))) {
      try {
        Configs.Result result = Configs.userData(input, policy);
        assertTrue(result.settings() != null || result.problems().stream().anyMatch(p -> p.isError()),
            "neither a model nor an error for " + description);
      } catch (RuntimeException | StackOverflowError e) {
        fail("exception " + e + " for " + description + ": " + Base64.getEncoder().encodeToString(input), e);
      }
    }
  }

  private static List<byte[]> seeds() throws IOException {
    byte[] mime = RealWorldShapesTest.KARPENTER_MIME.getBytes(StandardCharsets.UTF_8);
    byte[] toml = ("[cluster]\nname = \"a\"\nserviceCidr = \"10.100.0.0/16\"\n[kubelet]\nflags = [\"--v=2\"]\n"
        + "[kubelet.labels]\nteam = \"x\"\n").getBytes(StandardCharsets.UTF_8);
    byte[] json = ("{\"apiVersion\":\"node.eks.aws/v1alpha1\",\"kind\":\"NodeConfig\",\"spec\":{\"cluster\":{\"name\":\"a\"},"
        + "\"containerd\":{\"config\":\"[a]\\nb = 1\"}}}").getBytes(StandardCharsets.UTF_8);
    return List.of(mime, toml, json, gzip(mime), Base64.getMimeEncoder().encode(gzip(mime)), Base64.getEncoder().encode(toml));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void arbitraryBytesEndInAModelOrConfigProblems() {
    Random random = new Random(SEED);
    for (int i = 0; i < RANDOM_INPUTS; i++) {
      byte[] input = new byte[random.nextInt(512)];
      if (random.nextBoolean()) {
        random.nextBytes(input);
      } else {
        String alphabet = "abc:=-[]{}\"'\n #|>*&!,.0123456789/\t\\";
        for (int j = 0; j < input.length; j++) {
          input[j] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
        }
      }
      check(input, "random input " + i + " (seed " + SEED + ")");
    }
  }

  @Test
  void mutatedRealUserDataEndsInAModelOrConfigProblems() throws IOException {
    Random random = new Random(SEED);
    List<byte[]> seeds = seeds();
    for (int s = 0; s < seeds.size(); s++) {
      byte[] seed = seeds.get(s);
      for (int cut = 0; cut < seed.length; cut += Math.max(1, seed.length / 97)) {
        check(Arrays.copyOf(seed, cut), "seed " + s + " truncated to " + cut);
      }
      for (int i = 0; i < 300; i++) {
        byte[] mutated = seed.clone();
        int flips = 1 + random.nextInt(4);
        List<Integer> at = new ArrayList<>();
        for (int f = 0; f < flips; f++) {
          int position = random.nextInt(mutated.length);
          mutated[position] ^= (byte) (1 << random.nextInt(8));
          at.add(position);
        }
        check(mutated, "seed " + s + " with bits flipped at " + at);
      }
    }
  }
}
