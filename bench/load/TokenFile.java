import dev.signet.CryptoProviders;
import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes COUNT distinct compatible-profile request tokens ({@code username}, {@code time},
 * {@code nonce}) of PRINCIPAL, signed with KEY, one a line, for {@code bench/load.sh}'s wrk script.
 * Their {@code time} is AHEAD seconds in the future, so that with the server's {@code --clock-skew}
 * at least that large they stay valid from a little before now until 2 × AHEAD from now.
 *
 * <pre>
 * java -cp 'dist/target/signet.jar:dist/target/lib/*' bench/load/TokenFile.java KEY PRINCIPAL COUNT AHEAD OUT
 * </pre>
 *
 * Signs on every core with ACCP where it loads (the JDK's providers otherwise); nothing here is
 * measured.
 */
public final class TokenFile {
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: TokenFile KEY PRINCIPAL COUNT AHEAD_SECONDS OUT");
      System.exit(2);
    }
    SigningKey key = SigningKey.parse(Files.readString(Path.of(args[0])));
    String principal = args[1];
    int count = Integer.parseInt(args[2]);
    Instant time = Instant.now().plusSeconds(Long.parseLong(args[3]));
    Provider provider = CryptoProviders.select(CryptoProviders.Choice.parse("auto")).orElse(null);
    TokenSigner signer = TokenSigner.of(key, Clock.fixed(time, ZoneOffset.UTC), provider);
    int threads = Runtime.getRuntime().availableProcessors();
    int chunk = (count + threads - 1) / threads;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<List<String>>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int from = t * chunk, to = Math.min(count, from + chunk);
        parts.add(pool.submit(() -> {
          List<String> tokens = new ArrayList<>(Math.max(0, to - from));
          for (int i = from; i < to; i++) { // a random 128-bit nonce each
            tokens.add(signer.requestToken(principal).issuedAt(time).sign());
          }
          return tokens;
        }));
      }
      try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[4]))) {
        for (Future<List<String>> part : parts) {
          for (String token : part.get()) {
            out.write(token);
            out.newLine();
          }
        }
      }
    }
  }
}
