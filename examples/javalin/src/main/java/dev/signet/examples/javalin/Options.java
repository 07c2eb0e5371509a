package dev.signet.examples.javalin;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line: {@code --issuer URL} (required), {@code --port P} (8081; 0 picks a free one),
 * {@code --host} (127.0.0.1), {@code --audience} (hello-api), {@code --public-url} (the URL
 * clients call, which DPoP proofs name: {@code http://HOST:PORT} by default); {@code --name value}
 * or {@code --name=value}.
 */
record Options(String issuer, String host, int port, String audience, URI publicUrl) {
  static final String USAGE = "usage: java -jar app.jar --issuer URL [--port 8081] [--host 127.0.0.1] [--audience hello-api] [--public-url URL]";
  private static final Set<String> NAMES = Set.of("issuer", "port", "host", "audience", "public-url");

  static Options parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      if (equals < 0 && i + 1 >= args.length) {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      values.put(name, equals < 0 ? args[++i] : arg.substring(equals + 1));
    }
    String issuer = values.get("issuer");
    if (issuer == null) {
      throw new IllegalArgumentException("--issuer is required: the authorization server whose tokens are accepted");
    }
    String host = values.getOrDefault("host", "127.0.0.1");
    int port;
    try {
      port = Integer.parseInt(values.getOrDefault("port", "8081"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number: " + values.get("port"), e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0 to 65535: " + port);
    }
    URI publicUrl = URI.create(values.getOrDefault("public-url", "http://" + host + ":" + port));
    return new Options(issuer, host, port, values.getOrDefault("audience", "hello-api"), publicUrl);
  }
}
