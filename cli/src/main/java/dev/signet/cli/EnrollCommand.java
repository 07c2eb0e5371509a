package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.KeyType;
import dev.signet.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet enroll}: binds a key to the principal an admin made a one-time code for. The key
 * is generated here when the file does not exist yet, so the private key never leaves this
 * machine; only its public half is sent, and the files (mode 0600, public key beside it) are
 * written once the server has accepted it: a refused code leaves nothing behind. The code is
 * never printed.
 */
@Command(
    name = "enroll",
    sortOptions = false,
    description = {"Enroll a key with a one-time code from an admin (signet admin enrollments create).",
        "Generates the key first when --key does not exist (EC P-256 unless --type/--bits/--curve say otherwise) "
            + "and writes it once the server has accepted it.",
        "Prints the principal, the kid, where the key is and a signet curl line to try it; never the private key or the code."})
final class EnrollCommand implements Callable<Integer> {
  private static final int MAX_CODE = 256;

  @Spec CommandSpec spec;

  private final Host host;

  @Option(names = "--server", required = true, paramLabel = "URL", description = "The server's base URL (http://127.0.0.1:8080).")
  String server;

  @Option(names = "--code", required = true, paramLabel = "CODE",
      description = "The one-time enrollment code, or - to read it from stdin (keeps it out of the process list).")
  String code;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The private key: used if it exists, else generated (mode 0600; the public key goes to FILE.pub); "
          + KeyPaths.RULE + ".")
  Path key;

  @Option(names = "--principal", paramLabel = "NAME",
      description = "The principal you expect the code to be for; a code for another principal is reported as a failure.")
  @Nullable String principal;

  @Mixin KeyShape shape = new KeyShape();

  @Mixin PassphraseOptions passphrase = new PassphraseOptions();

  @Mixin HttpOptions http = new HttpOptions();

  EnrollCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    URI base = Urls.server(server);
    String oneTimeCode = code();
    char[] secret = passphrase.read(host);
    Path keyFile = KeyPaths.resolve(host, key);
    boolean exists = Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS);
    HttpTransport transport = http.transport(spec.commandLine().getErr());
    SigningKey signingKey = exists ? existing(secret) : generated();

    URI uri = Urls.resolve(base, "/enroll");
    byte[] body = Json.bytes(Map.of("code", oneTimeCode, "public_key", signingKey.publicKey().toPem()));
    HttpTransport.Response response = transport.exchange(transport.request(uri)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build());
    if (!response.ok()) {
      throw refused(response);
    }
    JsonNode enrolled = Json.parseTree(response.body())
        .orElseThrow(() -> CliError.failure("the server's answer to /enroll (" + response.status() + ") is not JSON"));
    String enrolledFor = enrolled.path("principal").asText("?");
    String kid = enrolled.path("kid").asText(signingKey.kid());
    if (!exists) {
      write(signingKey, secret, enrolledFor, kid);
    }
    report(enrolledFor, kid, signingKey, exists, base);
    if (principal != null && !principal.equals(enrolledFor)) {
      throw CliError.failure("the code was for principal '" + TerminalText.escape(enrolledFor) + "', not '" + principal
          + "' (--principal); the key is now enrolled for '" + TerminalText.escape(enrolledFor) + "'");
    }
    return ExitCode.OK;
  }

  private String code() {
    String text = code;
    if (text.equals("-")) {
      try {
        byte[] bytes = host.stdin().readNBytes(MAX_CODE + 1);
        text = new String(bytes, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliError.failure("cannot read the code from stdin: " + e.getMessage(), e);
      }
    }
    text = text.strip();
    Usage.check(!text.isEmpty(), code.equals("-") ? "no enrollment code on stdin" : "--code is empty");
    Usage.check(text.length() <= MAX_CODE && text.chars().noneMatch(Character::isISOControl),
        "--code: that is not an enrollment code (too long, or control characters)");
    return text;
  }

  private SigningKey existing(char @Nullable [] secret) {
    SigningKey existing = KeyFiles.signingKey(host, key, secret);
    if (shape.given()) {
      KeyType wanted = shape.keyType(null);
      String description = existing.publicKey().description();
      Usage.check(description.equals(shape.description(wanted)), key + " exists and holds an " + description
          + " key, not the " + shape.description(wanted) + " key asked for; choose another --key path");
    }
    return existing;
  }

  /** A new key, in memory until the server has accepted it; its files are checked to be writable first. */
  private SigningKey generated() {
    Path keyFile = KeyPaths.forWriting(host, key);
    Path pub = publicPath();
    KeyFileWriter.checkWritable(keyFile, false);
    Usage.check(!Files.exists(pub, LinkOption.NOFOLLOW_LINKS),
        pub + " exists but " + keyFile + " does not; move it away or choose another --key path");
    return shape.generate(shape.keyType(null), null);
  }

  private void write(SigningKey generated, char @Nullable [] secret, String enrolledFor, String kid) {
    try {
      KeyFileWriter.writePrivate(KeyPaths.resolve(host, key), secret != null ? generated.toPem(secret) : generated.toPem(), false);
      KeyFileWriter.writePublic(publicPath(), generated.publicKey().toPem(), false);
    } catch (CliError e) {
      throw CliError.failure("the key was enrolled for '" + TerminalText.escape(enrolledFor) + "' (kid "
          + TerminalText.escape(kid) + ") but could not be saved: " + e.getMessage()
          + "; ask an admin to delete that key and for a new code", e);
    }
  }

  private Path publicPath() {
    return Path.of(KeyPaths.resolve(host, key) + ".pub");
  }

  private CliError refused(HttpTransport.Response response) {
    if (response.status() == 400 && response.problem().endsWith("invalid or expired enrollment code")) {
      return CliError.failure("the server refused the code: it is unknown, used, revoked or expired "
          + "(codes work once and expire; ask an admin for a new one)");
    }
    return CliError.failure("enrollment failed: the server answered " + response.problem());
  }

  private void report(String enrolledFor, String kid, SigningKey signingKey, boolean existed, URI base) {
    PrintWriter out = spec.commandLine().getOut();
    Path keyFile = KeyPaths.resolve(host, key);
    out.println("principal  " + TerminalText.escape(enrolledFor));
    out.println("kid        " + TerminalText.escape(kid));
    out.println("key        " + keyFile + " (" + (existed ? "existing " : "new ") + signingKey.publicKey().description()
        + " key" + (existed ? "" : ", mode 0600; public key in " + publicPath()) + ")");
    out.println("try        " + ShellWords.signet(host, tryCurl(Urls.resolve(base, "/whoami"), enrolledFor)));
    out.flush();
  }

  /** {@code curl URL/whoami --key … --principal …} with the options this command was given that curl needs too. */
  private List<String> tryCurl(URI whoami, String enrolledFor) {
    List<String> args = new ArrayList<>(List.of("curl", whoami.toString(), "--key", key.toString(), "--principal", enrolledFor));
    args.addAll(passphrase.asArguments());
    args.addAll(http.trustArguments());
    return args;
  }
}
