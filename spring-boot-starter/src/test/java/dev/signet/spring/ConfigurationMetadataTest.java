package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The configuration processor's metadata: what makes {@code signet.*} complete in an IDE. */
class ConfigurationMetadataTest {
  @Test
  void metadata_everyProperty_withItsTypeDefaultAndDescription() throws IOException {
    String metadata;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json on the classpath").isNotNull();
      metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(metadata).contains("\"name\": \"signet.issuer\"", "\"name\": \"signet.audience\"", "\"name\": \"signet.issuers\"",
        "\"name\": \"signet.public-paths\"", "\"name\": \"signet.routes\"", "\"name\": \"signet.dpop.required\"",
        "\"name\": \"signet.jwks.max-fetches-per-minute\"", "\"name\": \"signet.token-cache.ttl\"", "\"name\": \"signet.trusted-proxies\"",
        "\"name\": \"signet.public-urls\"", "\"name\": \"signet.introspection.endpoint\"", "\"name\": \"signet.clock-skew\"",
        "\"name\": \"signet.algorithms\"", "\"name\": \"signet.decryption.key-file\"", "\"name\": \"signet.decryption.max-bytes\"");
    assertThat(metadata).contains("\"description\": \"The \\\"aud\\\" its tokens must carry for this application.");
    assertThat(metadata).contains("\"defaultValue\": \"30s\"", "\"defaultValue\": 524288");
  }
}
