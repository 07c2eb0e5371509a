package dev.signet.spring;

import dev.signet.DecryptionKey;
import dev.signet.JweDecrypter;
import dev.signet.RequestTokenVerifier;
import dev.signet.web.EncryptedBodies;
import dev.signet.web.servlet.DecryptingFilter;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * With {@code signet.decryption.key-file}, signet-web's {@link DecryptingFilter} right after
 * Signet's authentication (the {@code SignetFilter}, or Spring Security's filter chain, both at
 * order -100): {@code application/jose} request bodies reach the application as their plaintext,
 * every refusal one {@code 400 {"error":"invalid_request"}}. Nested JWTs are opened only when the
 * application has a {@link RequestTokenVerifier} bean, which verifies the inner token; their
 * signer must be the authenticated caller.
 */
@AutoConfiguration(after = {SignetAutoConfiguration.class, SignetServletAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "signet.enabled", matchIfMissing = true)
@ConditionalOnProperty("signet.decryption.key-file")
@EnableConfigurationProperties(SignetProperties.class)
public final class SignetDecryptionAutoConfiguration {
  /** After the authentication, which stands at -100 with or without Spring Security. */
  static final int ORDER = SignetServletAutoConfiguration.ORDER + 1;
  static final String KEY_FILE = "signet.decryption.key-file";
  static final String MAX_BYTES = "signet.decryption.max-bytes";
  private static final int MAX_MAX_BYTES = 16 << 20;

  @Bean
  FilterRegistrationBean<DecryptingFilter> signetDecryptingFilter(SignetProperties properties, ObjectProvider<RequestTokenVerifier> senders) {
    SignetProperties.Decryption decryption = properties.getDecryption();
    String keyFile = decryption.getKeyFile();
    if (keyFile == null || keyFile.isBlank()) {
      throw PropertyProblem.invalid(KEY_FILE, keyFile, "the file of the application's private encryption key is required");
    }
    int maxBytes = decryption.getMaxBytes();
    if (maxBytes < 100 || maxBytes > MAX_MAX_BYTES) {
      throw PropertyProblem.invalid(MAX_BYTES, maxBytes, "must be 100 to " + MAX_MAX_BYTES + " bytes: " + maxBytes);
    }
    DecryptionKey key = key(keyFile);
    JweDecrypter decrypter = PropertyProblem.check(MAX_BYTES, maxBytes, () -> JweDecrypter.builder(key).maxLength(maxBytes).build());
    EncryptedBodies.Builder bodies = EncryptedBodies.builder(decrypter);
    RequestTokenVerifier verifier = senders.getIfUnique();
    if (verifier != null) {
      bodies.senders(verifier);
    }
    FilterRegistrationBean<DecryptingFilter> registration = new FilterRegistrationBean<>(new DecryptingFilter(bodies.build()));
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns("/*");
    registration.setOrder(ORDER);
    return registration;
  }

  private static DecryptionKey key(String keyFile) {
    String text;
    try {
      text = Files.readString(Path.of(keyFile));
    } catch (IOException | RuntimeException e) {
      throw PropertyProblem.invalid(KEY_FILE, keyFile, "cannot read the key file: " + e);
    }
    try {
      return DecryptionKey.parse(text);
    } catch (RuntimeException e) {
      throw PropertyProblem.invalid(KEY_FILE, keyFile, "not a usable private encryption key: " + e.getMessage());
    }
  }
}
