package dev.signet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A script of a foreign JOSE implementation, run as a subprocess: PyJWT under Debian's
 * {@code /usr/bin/python3} ({@code interop/python/pyjwt_interop.py}), or npm packages under
 * Node.js ({@code interop/node/*.mjs}: panva's {@code jose} and {@code oauth4webapi}, and the express-jwt stack), installed
 * with {@code npm ci} from the committed lock file into {@code it/target/interop-node}.
 *
 * <p>One run takes a batch of {@link Case}s as JSON on stdin and answers every case by its id, so
 * a test class starts the foreign runtime once or twice, not once per check. When the runtime or
 * library is missing the test fails in CI and is skipped elsewhere ({@link Ci}).
 */
final class ForeignScript {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ForeignScript.class);
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration NPM_TIMEOUT = Duration.ofMinutes(3);

  private final String name;
  private final List<String> command;
  private final Path directory;

  private ForeignScript(String name, List<String> command, Path directory) {
    this.name = name;
    this.command = List.copyOf(command);
    this.directory = directory;
  }

  /** PyJWT (Debian's python3-jwt) under {@code /usr/bin/python3}. */
  static ForeignScript pyJwt() {
    if (!Files.isExecutable(PYTHON)) {
      throw Ci.unavailable(PYTHON + " is missing: install Debian's python3 with python3-jwt and python3-cryptography");
    }
    Path script = Resources.path("interop/python/pyjwt_interop.py");
    // -I: ignore PYTHON* variables and the user's site-packages; Debian's dist-packages stay on the path
    return new ForeignScript("PyJWT", List.of(PYTHON.toString(), "-I", script.toString()), script.getParent());
  }

  /** panva's jose under Node.js. */
  static ForeignScript jose() {
    return node("jose", "jose_interop.mjs");
  }

  /** node-jose (the seeds' library) and panva's jose, encrypting and decrypting JWEs under Node.js. */
  static ForeignScript jwe() {
    return node("jwe", "jwe_interop.mjs");
  }

  /** The Express verifier of shared/seeds/002 (express-jwt, jwks-rsa, express-jwt-authz) under Node.js. */
  static ForeignScript expressJwt() {
    return node("express-jwt", "express_jwt_interop.mjs");
  }

  /**
   * The Express verifier of shared/seeds/002 as a long-running app ({@code express_jwt_server.mjs}),
   * so that its JWKS cache outlives a signing-key rotation; start it with {@link #serve}.
   */
  static ForeignScript expressJwtServer() {
    return node("express-jwt server", "express_jwt_server.mjs");
  }

  /** OAuth clients of Signet's token endpoint: panva's jose (a private_key_jwt assertion) and oauth4webapi (DPoP). */
  static ForeignScript oauthClients() {
    return node("oauth4webapi", "oauth_client_interop.mjs");
  }

  /** A script of interop/node, with the packages of its lock file installed on first use by {@code npm ci}. */
  private static synchronized ForeignScript node(String name, String script) {
    Path node = onPath("node").orElseThrow(() -> Ci.unavailable("node is not on PATH: install Node.js 20.19+ and npm"));
    Path npm = onPath("npm").orElseThrow(() -> Ci.unavailable("npm is not on PATH: install Node.js 20.19+ and npm"));
    Path dir = Path.of(System.getProperty("signet.target", "target")).resolve("interop-node");
    try {
      Files.createDirectories(dir);
      for (String file : List.of("package.json", "package-lock.json", script)) {
        Files.copy(Resources.path("interop/node/" + file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
      Path installed = dir.resolve("installed-package-lock.json");
      if (!Files.exists(installed) || Files.mismatch(installed, dir.resolve("package-lock.json")) != -1) {
        npmCi(npm, dir);
        Files.copy(dir.resolve("package-lock.json"), installed, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    return new ForeignScript(name, List.of(node.toString(), script), dir);
  }

  private static void npmCi(Path npm, Path dir) {
    LOG.info("installing the pinned npm packages of {} with npm ci", dir);
    Subprocess.Completed ci = Subprocess.run(
        List.of(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"),
        dir, "", NPM_TIMEOUT);
    if (ci.exitCode() != 0) {
      throw Ci.unavailable("npm ci of " + dir.resolve("package-lock.json") + " failed (is the npm registry reachable?): " + ci.describe());
    }
  }

  /** JSON text (a JWK, a JWKS) as a tree, to put in a {@link Case}. */
  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the script as a server with {@code args}, returned once it prints {@code listening on URL}. */
  ForeignApp serve(String... args) {
    List<String> full = new java.util.ArrayList<>(command);
    full.addAll(List.of(args));
    return ForeignApp.start(full, directory);
  }

  /** Runs every case in one process and returns the answers. */
  Results run(List<Case> cases) {
    Map<String, Object> input = Map.of("cases", cases.stream().map(c -> c.fields).toList());
    String stdin;
    try {
      stdin = JSON.writeValueAsString(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Subprocess.Completed done = Subprocess.run(command, directory, stdin, TIMEOUT);
    if (done.exitCode() != 0 && done.stderr().contains("ModuleNotFoundError")) {
      throw Ci.unavailable(name + " is not importable by " + command.getFirst()
          + " (apt-get install python3-jwt python3-cryptography): " + done.stderr().strip());
    }
    if (done.exitCode() != 0) {
      throw new AssertionError("the " + name + " script failed: " + done.describe());
    }
    JsonNode output;
    try {
      output = JSON.readTree(done.stdout());
    } catch (IOException e) {
      throw new AssertionError("the " + name + " script printed no JSON: " + done.describe(), e);
    }
    LOG.info("{} ran {} cases with {}", name, cases.size(), output.get("versions"));
    return new Results(name, output.get("versions"), output.get("results"));
  }

  /** The answers of one run, by case id. */
  record Results(String implementation, JsonNode versions, JsonNode byId) {
    /** The answer to case {@code id}; fails when the foreign code raised instead of answering. */
    JsonNode get(String id) {
      JsonNode result = byId.get(id);
      if (result == null) {
        throw new AssertionError(implementation + " gave no answer for case '" + id + "'");
      }
      if (result.has("error")) {
        throw new AssertionError(implementation + " failed on case '" + id + "': " + result.get("error").asText());
      }
      return result;
    }

    /** The token {@code id} made. */
    String token(String id) {
      return get(id).get("token").asText();
    }
  }

  /** One request to the foreign script: an id, an op, and its fields. Absent (null) fields are left out. */
  static final class Case {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Case(String id, String op) {
      fields.put("id", id);
      fields.put("op", op);
    }

    Case with(String field, Object value) {
      if (value != null) {
        fields.put(field, value);
      }
      return this;
    }
  }

  private static Optional<Path> onPath(String executable) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
