package dev.signet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.Algorithm;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet admin keys list|add|delete|disable|enable}: a principal's public keys. */
@Command(
    name = "keys",
    synopsisSubcommandLabel = "COMMAND",
    description = "List, add, delete, disable and enable a principal's public keys.",
    commandListHeading = "%nCommands:%n")
final class KeysCommand implements Callable<Integer> {
  static final List<Table.Column> FIELDS = List.of(
      Table.Column.of("principal", "principal"), Table.Column.of("kid", "kid"), Table.Column.of("kty", "kty"),
      Table.Column.of("alg", "alg"), Table.Column.of("thumbprint", "thumbprint"), Table.Column.of("label", "label"),
      Table.Column.of("created_at", "created_at"), Table.Column.of("not_before", "not_before"),
      Table.Column.of("not_after", "not_after"), Table.Column.of("disabled", "disabled"));

  @Spec CommandSpec spec;

  private final AdminCommand admin;

  KeysCommand(AdminCommand admin) {
    this.admin = admin;
  }

  @Override
  public Integer call() {
    return Usage.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List a principal's keys.")
  int list(@Parameters(paramLabel = "NAME", description = "The principal's name.") String name) {
    JsonNode keys = admin.api().list(path(name), Map.of(), Integer.MAX_VALUE);
    Instant now = admin.host().clock().instant();
    admin.print(keys, Table.rows(keys, List.of(
        Table.Column.of("KID", "kid"), Table.Column.of("ALG", "alg"), Table.Column.of("LABEL", "label"),
        new Table.Column("STATUS", key -> status(key, now)), Table.Column.of("CREATED", "created_at"),
        Table.Column.of("LAST_USED", "last_used_at"))));
    return ExitCode.OK;
  }

  @Command(name = "add", description = "Register a public key (PEM, JWK or OpenSSH line) for a principal.")
  int add(
      @Parameters(paramLabel = "NAME", description = "The principal's name.") String name,
      @Option(names = "--public-key", required = true, paramLabel = "FILE", description = "The public key; a private key is refused, never sent.") Path file,
      @Option(names = "--kid", paramLabel = "KID", description = "Its kid (default: its RFC 7638 thumbprint).") @Nullable String kid,
      @Option(names = "--alg", paramLabel = "ALG", converter = AlgorithmConverter.class, description = "Pin the key to one algorithm.") @Nullable Algorithm alg,
      @Option(names = "--label", paramLabel = "TEXT", description = "A note for people (default: an OpenSSH key's comment).") @Nullable String label) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("public_key", publicKey(file));
    if (kid != null) {
      body.put("kid", kid);
    }
    if (alg != null) {
      body.put("alg", alg.toString());
    }
    if (label != null) {
      body.put("label", label);
    }
    JsonNode key = admin.api().post(path(name), body);
    admin.print(key, Table.fields(key, FIELDS));
    return ExitCode.OK;
  }

  @Command(name = "delete", description = "Delete a key: requests signed with it fail from then on.")
  int delete(
      @Parameters(index = "0", paramLabel = "NAME", description = "The principal's name.") String name,
      @Parameters(index = "1", paramLabel = "KID", description = "The key's kid.") String kid) {
    admin.api().delete(path(name, kid));
    admin.done("deleted key '" + kid + "' of principal '" + name + "'");
    return ExitCode.OK;
  }

  @Command(name = "disable", description = "Disable a key, keeping it registered.")
  int disable(
      @Parameters(index = "0", paramLabel = "NAME", description = "The principal's name.") String name,
      @Parameters(index = "1", paramLabel = "KID", description = "The key's kid.") String kid) {
    return setDisabled(name, kid, true);
  }

  @Command(name = "enable", description = "Enable a disabled key again.")
  int enable(
      @Parameters(index = "0", paramLabel = "NAME", description = "The principal's name.") String name,
      @Parameters(index = "1", paramLabel = "KID", description = "The key's kid.") String kid) {
    return setDisabled(name, kid, false);
  }

  private int setDisabled(String name, String kid, boolean disabled) {
    JsonNode key = admin.api().patch(path(name, kid), Map.of("disabled", disabled));
    admin.print(key, (disabled ? "disabled" : "enabled") + " key '" + kid + "' of principal '" + name + "'\n");
    return ExitCode.OK;
  }

  /**
   * The file's key as the API takes it: a JWK as a JSON object, anything else as text. Checked
   * here first, so that a private key never leaves this machine.
   */
  private static Object publicKey(Path file) {
    String text = Inputs.text(file, Inputs.MAX_KEY_FILE, "public key file");
    try {
      VerificationKey.parse(text);
    } catch (UnusableKeyException e) {
      throw CliError.usage(file + ": " + e.getMessage(), e);
    }
    String stripped = text.strip();
    return stripped.startsWith("{")
        ? Json.parseTree(stripped.getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow()
        : stripped + "\n";
  }

  private static String status(JsonNode key, Instant now) {
    if (key.path("disabled").asBoolean(false)) {
      return "disabled";
    }
    if (before(key.path("not_after"), now)) {
      return "expired";
    }
    if (key.path("not_before").isTextual() && !before(key.path("not_before"), now)) {
      return "not yet valid";
    }
    return "enabled";
  }

  private static boolean before(JsonNode instant, Instant now) {
    try {
      return instant.isTextual() && Instant.parse(instant.textValue()).isBefore(now);
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static String path(String name) {
    return PrincipalsCommand.path(name) + "/keys";
  }

  private static String path(String name, String kid) {
    return path(name) + "/" + Urls.kid(kid);
  }
}
