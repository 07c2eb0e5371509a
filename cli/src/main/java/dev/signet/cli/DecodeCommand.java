package dev.signet.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet token decode}: header and payload as pretty JSON, NOT verified. */
@Command(
    name = "decode",
    sortOptions = false,
    description = {"Print a token's header and payload WITHOUT verifying anything.",
        "Times (iat, exp, nbf, time) are shown as ISO instants and relative to now."})
final class DecodeCommand implements Callable<Integer> {
  static final String NOT_VERIFIED =
      "signet: NOT VERIFIED: decoded only; signature and claims unchecked (use 'signet token verify')";
  private static final List<String> TIME_CLAIMS = List.of("iat", "nbf", "exp", "time");

  @Spec CommandSpec spec;

  private final Host host;

  @Parameters(index = "0", paramLabel = "TOKEN|-", description = "The token, or - to read it from stdin.")
  String token;

  @Option(names = "--json", description = "Print one JSON object {\"header\": …, \"payload\": …} and nothing else.")
  boolean json;

  DecodeCommand(Host host) {
    this.host = host;
  }

  @Override
  public Integer call() {
    String compact = Inputs.token(token, host.stdin());
    UnverifiedToken decoded;
    try {
      decoded = UnverifiedToken.parse(compact);
    } catch (IllegalArgumentException e) {
      throw CliError.failure("cannot decode: " + e.getMessage(), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(NOT_VERIFIED);
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> both = new LinkedHashMap<>();
      both.put("header", decoded.header());
      both.put("payload", decoded.payload());
      out.println(Json.pretty(both));
    } else {
      out.println("Header");
      out.println(Json.pretty(decoded.header()));
      out.println();
      out.println("Payload");
      out.println(Json.pretty(decoded.payload()));
      printTimes(out, decoded.payload());
      out.println();
      out.println("Signature: " + decoded.signatureBytes() + " bytes, not checked");
    }
    out.flush();
    return ExitCode.OK;
  }

  private void printTimes(PrintWriter out, Map<String, Object> payload) {
    List<String> present = TIME_CLAIMS.stream().filter(c -> payload.get(c) instanceof Number).toList();
    if (present.isEmpty()) {
      return;
    }
    out.println();
    out.println("Times");
    Instant now = host.clock().instant();
    for (String claim : present) {
      out.println(String.format(Locale.ROOT, "  %-4s  %s", claim, time((Number) java.util.Objects.requireNonNull(payload.get(claim)), now)));
    }
  }

  private static String time(Number seconds, Instant now) {
    try {
      long whole = new BigDecimal(seconds.toString()).setScale(0, RoundingMode.FLOOR).longValueExact();
      return RelativeTime.withInstant(Instant.ofEpochSecond(whole), now);
    } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
      return seconds + " (out of range)";
    }
  }
}
