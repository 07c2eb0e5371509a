package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.DecryptionKey;
import dev.signet.KeyManagement;
import dev.signet.web.servlet.DecryptingFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.ResolvableType;

/** {@code signet.decryption.*}: the decrypting filter, after Signet's authentication, only with a key file. */
class DecryptionAutoConfigurationTest {
  private static final String[] MINIMAL = {"signet.issuer=https://auth.example.com", "signet.audience=orders-api"};

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
      SignetAutoConfiguration.class, SignetServletAutoConfiguration.class, SignetDecryptionAutoConfiguration.class)).withPropertyValues(MINIMAL);

  @TempDir Path dir;

  private String keyFile(String text) throws IOException {
    Path file = dir.resolve("enc.pem");
    Files.writeString(file, text);
    return file.toString();
  }

  @Test
  void context_noKeyFile_noDecryptingFilter() {
    runner.run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(FilterRegistrationBean.class, DecryptingFilter.class))).isEmpty();
      assertThat(context).doesNotHaveBean("signetDecryptingFilter");
    });
  }

  @Test
  void context_keyFile_decryptingFilterRightAfterTheAuthentication() throws IOException {
    String file = keyFile(DecryptionKey.generate(KeyManagement.ECDH_ES).toPem());

    runner.withPropertyValues("signet.decryption.key-file=" + file, "signet.decryption.max-bytes=2048").run(context -> {
      assertThat(context).hasNotFailed().hasBean("signetDecryptingFilter").hasBean("signetFilter");
      FilterRegistrationBean<?> decrypting = context.getBean("signetDecryptingFilter", FilterRegistrationBean.class);
      FilterRegistrationBean<?> signet = context.getBean("signetFilter", FilterRegistrationBean.class);
      assertThat(decrypting.getFilter()).isInstanceOf(DecryptingFilter.class);
      assertThat(decrypting.getFilter().toString()).contains("maxLength=2048");
      assertThat(decrypting.getOrder()).isGreaterThan(signet.getOrder());
      assertThat(decrypting.getUrlPatterns()).containsExactly("/*");
    });
  }

  @Test
  void context_springSecurity_decryptingFilterAfterItsFilterChain() throws IOException {
    String file = keyFile(DecryptionKey.generate(KeyManagement.ECDH_ES).toPem());

    new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SignetAutoConfiguration.class,
            SignetServletAutoConfiguration.class, dev.signet.spring.security.SignetSecurityAutoConfiguration.class,
            SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
            SignetDecryptionAutoConfiguration.class))
        .withPropertyValues(MINIMAL).withPropertyValues("signet.decryption.key-file=" + file).run(context -> {
          assertThat(context).hasNotFailed().hasBean("signetDecryptingFilter").hasSingleBean(DelegatingFilterProxyRegistrationBean.class);
          int decrypting = context.getBean("signetDecryptingFilter", FilterRegistrationBean.class).getOrder();
          assertThat(decrypting).isGreaterThan(context.getBean(DelegatingFilterProxyRegistrationBean.class).getOrder());
        });
  }

  @Test
  void context_signetDisabled_noDecryptingFilter() throws IOException {
    String file = keyFile(DecryptionKey.generate(KeyManagement.ECDH_ES).toPem());

    runner.withPropertyValues("signet.enabled=false", "signet.decryption.key-file=" + file)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("signetDecryptingFilter"));
  }

  @Test
  void start_missingKeyFile_failsNamingTheProperty() {
    assertFailsNaming("signet.decryption.key-file=" + dir.resolve("absent.pem"), "signet.decryption.key-file", "cannot read the key file");
  }

  @Test
  void start_publicKeyAsKeyFile_failsNamingTheProperty() throws IOException {
    String file = keyFile(DecryptionKey.generate(KeyManagement.ECDH_ES).encryptionKey().toJwk());

    assertFailsNaming("signet.decryption.key-file=" + file, "signet.decryption.key-file", "not a usable private encryption key");
  }

  @Test
  void start_tooSmallMaxBytes_failsNamingTheProperty() throws IOException {
    String file = keyFile(DecryptionKey.generate(KeyManagement.ECDH_ES).toPem());

    runner.withPropertyValues("signet.decryption.key-file=" + file, "signet.decryption.max-bytes=10").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
        assertThat(e.getName()).isEqualTo("signet.decryption.max-bytes");
        assertThat(e.getReason()).contains("must be 100 to");
      });
    });
  }

  private void assertFailsNaming(String property, String name, String reason) {
    runner.withPropertyValues(property).run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause().isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, e -> {
        assertThat(e.getName()).isEqualTo(name);
        assertThat(e.getReason()).contains(reason);
      });
    });
  }
}
