package dev.signet.dist;

import dev.signet.SigningKey;
import dev.signet.TokenSigner;
import dev.signet.server.SignetServer;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The training run of the server's start-up cache ({@link AotTraining} group {@code server}): a
 * server on a free loopback port over a scratch data directory, and for a few seconds the requests
 * a busy server answers most ({@code /healthz}, {@code /whoami} with request tokens of RS256,
 * EdDSA and ES256 keys, refusals), so that the cache holds their classes, linked, and their
 * methods' profiles (JEP 515): a fresh server then compiles its hot paths sooner.
 */
final class ServerTraining {
  private static final Duration LENGTH = Duration.ofSeconds(4);

  private ServerTraining() {}

  /**
   * Trains in {@code scratch}, whose {@code training.pem} (an EC key, with its {@code .pub})
   * becomes the admin's; {@code cli} runs a client command in process.
   */
  static void run(Path scratch, Consumer<String[]> cli) throws IOException, InterruptedException {
    String admin = scratch.resolve("training.pem").toString();
    ServerConfig config = ServerConfig.from(Settings.from(Map.of("port", "0", "data-dir", scratch.resolve("data").toString(),
        "admin-key", admin + ".pub", "log-level", "warn"), Map.of()));
    try (SignetServer server = SignetServer.start(config);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      String url = server.baseUrl().toString();
      List<Signer> signers = new ArrayList<>();
      for (String alg : List.of("RS256", "EdDSA", "ES256")) {
        String key = scratch.resolve(alg + ".pem").toString();
        cli.accept(new String[] {"keygen", "--alg", alg, "--out", key});
        cli.accept(new String[] {"admin", "--server", url, "--key", admin, "principals", "create", "training-" + alg});
        cli.accept(new String[] {"admin", "--server", url, "--key", admin, "keys", "add", "training-" + alg, "--public-key", key + ".pub"});
        signers.add(new Signer("training-" + alg, TokenSigner.of(SigningKey.parse(Files.readString(Path.of(key))))));
      }
      URI healthz = URI.create(url + "/healthz");
      URI whoami = URI.create(url + "/whoami");
      long end = System.nanoTime() + LENGTH.toNanos();
      for (int i = 0; System.nanoTime() - end < 0; i++) {
        get(client, healthz, null);
        Signer signer = signers.get(i % signers.size());
        get(client, whoami, signer.signer().requestToken(signer.principal()).sign());
        if (i % 8 == 0) {
          get(client, whoami, "garbage");
          get(client, URI.create(url + "/.well-known/jwks.json"), null);
        }
      }
    }
  }

  private record Signer(String principal, TokenSigner signer) {}

  private static void get(HttpClient client, URI uri, @Nullable String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "JWT " + token);
    }
    client.send(request.build(), HttpResponse.BodyHandlers.discarding());
  }
}
