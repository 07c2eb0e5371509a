package dev.signet.examples.javalin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void parse_issuerOnly_defaults() {
    assertThat(Options.parse(new String[] {"--issuer", "http://127.0.0.1:8080"}))
        .isEqualTo(new Options("http://127.0.0.1:8080", "127.0.0.1", 8081, "hello-api", URI.create("http://127.0.0.1:8081")));
  }

  @Test
  void parse_everyOptionInBothSpellings_taken() {
    assertThat(Options.parse(new String[] {"--issuer=https://auth.example", "--port", "0", "--host=0.0.0.0", "--audience", "a",
        "--public-url=https://api.example"}))
        .isEqualTo(new Options("https://auth.example", "0.0.0.0", 0, "a", URI.create("https://api.example")));
  }

  @Test
  void parse_noIssuer_refusedSayingSo() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--port", "1"})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--issuer is required: the authorization server whose tokens are accepted");
  }

  @Test
  void parse_unknownOptionOrBadPort_refusedNamingIt() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--issuer", "x", "--prot", "1"})).hasMessage("unknown option --prot");
    assertThatThrownBy(() -> Options.parse(new String[] {"--issuer", "x", "--port", "eighty"})).hasMessage("--port must be a number: eighty");
    assertThatThrownBy(() -> Options.parse(new String[] {"--issuer"})).hasMessage("--issuer needs a value");
  }
}
