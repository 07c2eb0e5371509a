package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged starter carries what Spring Boot and IDEs look for. */
class StarterJarIT {
  private static final Path JAR = Path.of(System.getProperty("signet.starter.jar", "target/signet-spring-boot-starter.jar"));

  @Test
  void jar_configurationMetadata_packagedWithEveryProperty() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      var entry = jar.getJarEntry("META-INF/spring-configuration-metadata.json");
      assertThat(entry).as("metadata in " + JAR).isNotNull();
      String metadata = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(metadata).contains("\"name\": \"signet.issuer\"", "\"name\": \"signet.routes\"", "\"name\": \"signet.dpop.required\"",
          "\"name\": \"signet.decryption.key-file\"");
    }
  }

  @Test
  void jar_autoConfigurations_listedForSpringBoot() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      var imports = jar.getJarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
      assertThat(new String(jar.getInputStream(imports).readAllBytes(), StandardCharsets.UTF_8).lines()).containsExactly(
          "dev.signet.spring.SignetAutoConfiguration", "dev.signet.spring.SignetServletAutoConfiguration",
          "dev.signet.spring.security.SignetSecurityAutoConfiguration", "dev.signet.spring.SignetDecryptionAutoConfiguration");
      assertThat(jar.getJarEntry("META-INF/spring-autoconfigure-metadata.properties")).isNotNull();
    }
  }
}
