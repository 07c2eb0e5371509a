package dev.signet.spring.security;

import dev.signet.InMemoryPrincipalKeys;
import dev.signet.RequestTokenVerifier;
import dev.signet.SigningKey;
import dev.signet.Algorithm;
import dev.signet.spring.ResourceServerCustomizer;
import dev.signet.testing.TestKeys;
import dev.signet.web.Identity;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with Spring Security but no chain of its own (the starter's default chain), and
 * Signet request tokens of principal {@code alice} besides access tokens (a
 * {@link ResourceServerCustomizer}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DefaultChainApp.Routes.class)
class DefaultChainApp {
  static final SigningKey ALICE = TestKeys.of(Algorithm.ES256, "starter-alice");
  static final String PUBLIC_URL = "https://api.example.test";

  @Bean
  ResourceServerCustomizer requestTokens() {
    InMemoryPrincipalKeys principals = new InMemoryPrincipalKeys().add("alice", ALICE.publicKey());
    return builder -> builder.requestTokens(RequestTokenVerifier.builder(principals).audience(PUBLIC_URL).build());
  }

  @RestController
  static class Routes {
    @GetMapping("/health")
    String health() {
      return "ok";
    }

    @GetMapping("/me")
    String me(Identity who) {
      return who.principal() + " " + who.credential() + " " + String.join(",", who.scopes());
    }

    @PostMapping("/signed")
    String signed(Identity who, @RequestBody(required = false) String body) {
      return who.principal() + " " + who.credential() + " " + body;
    }
  }
}
