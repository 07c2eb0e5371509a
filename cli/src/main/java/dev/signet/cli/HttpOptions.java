package dev.signet.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --cacert}, {@code --insecure} and {@code --timeout}: how the commands that talk to a
 * server reach it. Certificates are checked against the JDK's trusted CAs unless {@code --cacert}
 * names the ones to trust instead (as curl's {@code --cacert} does); {@code --insecure} turns the
 * check off and says so on stderr.
 */
final class HttpOptions {
  private static final Duration MAX_CONNECT = Duration.ofSeconds(10);

  @Option(names = "--cacert", paramLabel = "FILE",
      description = "Trust the PEM certificates in FILE (a CA, or the server's self-signed certificate) instead of the JDK's CAs.")
  @Nullable Path cacert;

  @Option(names = "--insecure",
      description = "DANGEROUS: accept any TLS certificate for any host name (anyone on the network path can impersonate the server).")
  boolean insecure;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "Give up on a request after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(30);

  /** {@code --cacert} or {@code --insecure} as given, for a command line printed for the user to run next. */
  List<String> trustArguments() {
    return cacert != null ? List.of("--cacert", cacert.toString()) : insecure ? List.of("--insecure") : List.of();
  }

  /** A client for one command: no redirects followed, HTTP/1.1, the trust chosen by the options. */
  HttpTransport transport(PrintWriter err) {
    Usage.check(cacert == null || !insecure, "give --cacert or --insecure, not both");
    Usage.check(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive: " + timeout);
    SSLContext tls;
    if (insecure) {
      err.println("signet: warning: --insecure: the server's TLS certificate and host name are not checked");
      err.flush();
      tls = TlsTrust.anyCertificate();
    } else if (cacert != null) {
      tls = TlsTrust.certificatesIn(cacert);
    } else {
      tls = TlsTrust.jdkDefault();
    }
    HttpClient client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout.compareTo(MAX_CONNECT) < 0 ? timeout : MAX_CONNECT)
        .sslContext(tls)
        .build();
    return new HttpTransport(client, timeout, cacert != null);
  }
}
