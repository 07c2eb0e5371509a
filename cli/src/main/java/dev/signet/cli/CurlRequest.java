package dev.signet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The request {@code signet curl} sends, from curl's options: the method ({@code -X}, else GET,
 * or POST with data), the headers ({@code -H 'Name: value'}, checked) and the body ({@code -d},
 * {@code --data-binary}, bounded). As curl does, data without a Content-Type header is sent as
 * {@code application/x-www-form-urlencoded}.
 */
@SuppressWarnings("ArrayRecordComponent") // built once per command and sent; never compared
record CurlRequest(String method, List<Header> headers, byte[] body) {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Za-z]{1,20}");

  record Header(String name, String value) {}

  static CurlRequest of(@Nullable String method, List<String> headerOptions, byte[] body) {
    String m = method != null ? method : body.length > 0 ? "POST" : "GET";
    Usage.check(METHOD.matcher(m).matches(), "-X: '" + ErrorReporter.oneLine(m) + "' is not an HTTP method");
    List<Header> headers = new ArrayList<>();
    for (String option : headerOptions) {
      headers.add(header(option));
    }
    if (body.length > 0 && headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Content-Type"))) {
      headers.add(new Header("Content-Type", "application/x-www-form-urlencoded"));
    }
    return new CurlRequest(m.toUpperCase(Locale.ROOT), List.copyOf(headers), body);
  }

  private static Header header(String option) {
    int colon = option.indexOf(':');
    Usage.check(colon > 0, "-H: '" + shown(option) + "' is not 'Name: value'");
    String name = option.substring(0, colon).strip();
    String value = option.substring(colon + 1).strip();
    Usage.check(TOKEN.matcher(name).matches(), "-H: '" + shown(name) + "' is not a header name");
    Usage.check(value.chars().noneMatch(c -> c != '\t' && Character.isISOControl(c)),
        "-H " + name + ": the value holds control characters (line breaks cannot be sent in a header)");
    Usage.check(!value.isEmpty(), "-H " + name + ": the value is empty");
    Usage.check(!name.equalsIgnoreCase("Authorization"), "-H Authorization: signet curl signs the request and sets it itself");
    return new Header(name, value);
  }

  /** One {@code -d} or {@code --data-binary} value: literal text, or {@code @FILE}, or {@code @-} for stdin. */
  static byte[] data(String value, boolean binary, InputStream stdin) {
    byte[] bytes;
    if (value.equals("@-")) {
      bytes = stdin(stdin);
    } else if (value.startsWith("@")) {
      bytes = Inputs.bytes(Path.of(value.substring(1)), Inputs.MAX_BODY, "data file");
    } else {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    return binary ? bytes : withoutLineBreaks(bytes);
  }

  /** The parts joined with '&', as curl joins repeated {@code -d}; at most {@link Inputs#MAX_BODY} bytes. */
  static byte[] join(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      if (out.size() > 0) {
        out.write('&');
      }
      out.writeBytes(part);
      Usage.check(out.size() <= Inputs.MAX_BODY, "the request body is larger than " + (Inputs.MAX_BODY >> 20) + " MiB");
    }
    return out.toByteArray();
  }

  /** This request's method, body and headers on {@code builder}; a header java.net.http refuses is a usage error. */
  HttpRequest.Builder applyTo(HttpRequest.Builder builder) {
    builder.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Header h : headers) {
      try {
        builder.header(h.name(), h.value());
      } catch (IllegalArgumentException e) { // Host, Connection, Content-Length, Expect, Upgrade
        throw CliError.usage("-H " + h.name() + ": this header cannot be set (" + e.getMessage() + ")", e);
      }
    }
    return builder;
  }

  private static byte[] stdin(InputStream stdin) {
    try {
      byte[] bytes = stdin.readNBytes(Inputs.MAX_BODY + 1);
      Usage.check(bytes.length <= Inputs.MAX_BODY, "the data on stdin is larger than " + (Inputs.MAX_BODY >> 20) + " MiB");
      return bytes;
    } catch (IOException e) {
      throw CliError.failure("cannot read data from stdin: " + e.getMessage(), e);
    }
  }

  private static byte[] withoutLineBreaks(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (byte b : bytes) {
      if (b != '\n' && b != '\r') {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static String shown(String text) {
    String line = ErrorReporter.oneLine(text);
    return line.length() <= 100 ? line : line.substring(0, 100) + "…";
  }
}
