package dev.signet.cli;

import dev.signet.EncryptionKey;
import dev.signet.UnusableKeyException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the key to encrypt to comes from: an http(s) URL of a JWKS (a server's base URL means its
 * {@code /.well-known/jwks.json}), or a file holding a JWKS, a JWK or a PEM public key. From a
 * JWKS the newest {@code use: enc} key is taken.
 */
final class RecipientKeyOption {
  private RecipientKeyOption() {}

  static EncryptionKey resolve(String to, HttpOptions http, PrintWriter err) {
    String text;
    String where;
    if (to.startsWith("http://") || to.startsWith("https://")) {
      URI uri = jwksUri(Urls.http(to, "--to"));
      where = HttpTransport.origin(uri) + uri.getRawPath();
      HttpTransport transport = http.transport(err);
      HttpTransport.Response response = transport.exchange(transport.request(uri).GET().build());
      if (!response.ok()) {
        throw CliError.failure("GET " + where + ": the server answered " + response.problem());
      }
      text = new String(response.body(), StandardCharsets.UTF_8);
    } else {
      Path path = Path.of(to);
      where = path.toString();
      text = Inputs.text(path, Inputs.MAX_KEY_FILE, "--to file");
    }
    try {
      return EncryptionKey.parse(text);
    } catch (UnusableKeyException e) {
      throw CliError.usage(where + ": " + e.getMessage(), e);
    }
  }

  /** A base URL ({@code https://auth.example.com}) means its JWKS; any other path is taken as given. */
  static URI jwksUri(URI uri) {
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      return URI.create(HttpTransport.origin(uri) + "/.well-known/jwks.json");
    }
    return uri;
  }
}
