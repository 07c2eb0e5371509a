package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.CryptoProviders.Choice;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CryptoProvidersTest {

  @Test
  void select_jdk_empty() {
    assertThat(CryptoProviders.select(Choice.JDK)).isEmpty();
  }

  @Test
  void select_auto_accpWhenItLoadsElseJdk() {
    Optional<Provider> provider = CryptoProviders.select(Choice.AUTO);
    if (CryptoProviders.accpAvailable()) {
      assertThat(provider).get().extracting(Provider::getName).isEqualTo("AmazonCorrettoCryptoProvider");
      assertThat(provider.orElseThrow().getService("Signature", "SHA256withECDSA")).isNotNull();
    } else {
      assertThat(provider).isEmpty();
    }
  }

  @Test
  void select_accp_providerOrExplainedFailure() {
    if (CryptoProviders.accpAvailable()) {
      assertThat(CryptoProviders.select(Choice.ACCP)).isPresent();
    } else {
      assertThatThrownBy(() -> CryptoProviders.select(Choice.ACCP))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("Amazon Corretto Crypto Provider is not available here: ");
    }
  }

  @Test
  void select_any_neverInstallsGlobally() {
    CryptoProviders.select(Choice.AUTO);
    assertThat(Arrays.stream(Security.getProviders()).map(Provider::getName)).doesNotContain("AmazonCorrettoCryptoProvider");
  }

  @Test
  void parse_anyCase_choice() {
    assertThat(Choice.parse("ACCP")).isEqualTo(Choice.ACCP);
    assertThat(Choice.parse(" jdk ")).isEqualTo(Choice.JDK);
    assertThat(Choice.AUTO).hasToString("auto");
    assertThatThrownBy(() -> Choice.parse("bc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("crypto provider must be jdk, accp or auto, not 'bc'");
  }
}
