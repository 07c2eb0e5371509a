package dev.signet.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.web.AccessRules;
import dev.signet.web.ResourceServer;
import dev.signet.web.TrustedIssuer;
import dev.signet.web.servlet.ServletIncomingRequest;
import dev.signet.web.servlet.SignetFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import java.net.URI;

/** Which beans the starter makes, when, and from which properties (Spring Boot's ApplicationContextRunner). */
@ExtendWith(OutputCaptureExtension.class)
class SignetAutoConfigurationTest {
  private static final String[] MINIMAL = {"signet.issuer=https://auth.example.com", "signet.audience=orders-api"};

  private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(
      SignetAutoConfiguration.class, SignetServletAutoConfiguration.class, dev.signet.spring.security.SignetSecurityAutoConfiguration.class,
      SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class,
      SecurityFilterAutoConfiguration.class));

  @Test
  void context_issuerAndAudience_resourceServerRulesAndSpringSecurityIntegration(CapturedOutput output) {
    runner.withPropertyValues(MINIMAL).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ResourceServer.class).hasSingleBean(AccessRules.class);
      assertThat(output).contains("Signet trusts [TrustedIssuer[https://auth.example.com, audience=orders-api, types=[at+jwt], keys=discovery]]"
          + " at [http://localhost:8080, http://127.0.0.1:8080]",
          "Signet asks AccessRules[] otherwise Access[scopes=[], credentials=[BEARER, DPOP, REQUEST_TOKEN]]");
      assertThat(context).hasBean("signetHttpSecurity").hasBean("signetAuthenticationManagerResolver").hasBean("signetSecurityFilterChain")
          .doesNotHaveBean(FilterRegistrationBean.class);
    });
  }

  @Test
  void context_springSecurityPresent_noGeneratedUser() {
    runner.withPropertyValues(MINIMAL).run(context -> assertThat(context).doesNotHaveBean(UserDetailsService.class));
  }

  @Test
  void context_applicationsOwnChain_keptAndSignetsDefaultChainBacksOff() {
    runner.withPropertyValues(MINIMAL).withUserConfiguration(OwnChain.class).run(context -> {
      assertThat(context).hasNotFailed().hasBean("ownChain").doesNotHaveBean("signetSecurityFilterChain");
      assertThat(context.getBeansOfType(Customizer.class)).containsKey("signetHttpSecurity");
    });
  }

  @Test
  void context_withoutSpringSecurity_signetFilterInFrontOfEveryRequest() {
    runner.withPropertyValues(MINIMAL).withClassLoader(new FilteredClassLoader("org.springframework.security")).run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean("signetHttpSecurity");
      FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
      assertThat(registration.getFilter()).isInstanceOf(SignetFilter.class);
      assertThat(registration.getUrlPatterns()).containsExactly("/*");
      assertThat(registration.getOrder()).isEqualTo(-100);
    });
  }

  @Test
  void context_springSecurityAutoConfigurationExcluded_signetFilterStillProtects() {
    new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SignetAutoConfiguration.class, SignetServletAutoConfiguration.class,
        dev.signet.spring.security.SignetSecurityAutoConfiguration.class)).withPropertyValues(MINIMAL).run(context ->
        assertThat(context.getBean(FilterRegistrationBean.class).getFilter()).isInstanceOf(SignetFilter.class));
  }

  @Test
  void context_disabled_nothingOfSignet() {
    runner.withPropertyValues("signet.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean(ResourceServer.class).doesNotHaveBean("signetHttpSecurity"));
  }

  @Test
  void context_applicationsOwnResourceServer_usedInsteadOfTheProperties() {
    runner.withUserConfiguration(OwnResourceServer.class).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(ResourceServer.class);
      assertThat(context.getBean(ResourceServer.class).toString()).contains("https://own.example.com");
    });
  }

  @Test
  void context_customizerBean_appliedToTheBuilder() {
    runner.withPropertyValues(MINIMAL).withBean(ResourceServerCustomizer.class, () -> b -> b.realm("orders"))
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void binding_everyProperty_reachesTheEngine(CapturedOutput output) {
    runner.withPropertyValues("signet.issuer=https://auth.example.com", "signet.audience=orders-api", "signet.accept-jwt-type=true",
        "signet.algorithms=RS256,es256", "signet.clock-skew=10s", "signet.jwks-uri=https://auth.example.com/keys",
        "signet.introspection.endpoint=https://auth.example.com/introspect", "signet.introspection.client-id=api",
        "signet.introspection.client-secret=s3cret", "signet.issuers[0].issuer=https://sso.example.com/realms/shop",
        "signet.issuers[0].any-audience=true", "signet.public-urls=https://api.example.com", "signet.trusted-proxies=10.0.0.0/8",
        "signet.public-paths=/health,/docs/**", "signet.routes[0].path=/orders/**", "signet.routes[0].methods=GET",
        "signet.routes[0].scopes=orders:read", "signet.routes[1].path=/orders/**", "signet.routes[1].scopes=orders:write",
        "signet.routes[1].credentials=dpop", "signet.token-cache.max-entries=0").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(output).contains("TrustedIssuer[https://auth.example.com, audience=orders-api, types=[at+jwt, JWT], keys=https://auth.example.com/keys",
          "Introspection[https://auth.example.com/introspect", "TrustedIssuer[https://sso.example.com/realms/shop, audience=(any)")
          .doesNotContain("s3cret");
      assertThat(context.getBean(AccessRules.class).toString()).isEqualTo("AccessRules[* /health -> Access[public], * /docs/** -> Access[public], "
          + "GET /orders/** -> Access[scopes=[orders:read], credentials=[BEARER, DPOP, REQUEST_TOKEN]], "
          + "* /orders/** -> Access[scopes=[orders:write], credentials=[DPOP]]] otherwise Access[scopes=[], credentials=[BEARER, DPOP, REQUEST_TOKEN]]");
    });
  }

  @Test
  void binding_dpopRequired_everyProtectedPathDpopOnly() {
    runner.withPropertyValues(MINIMAL).withPropertyValues("signet.dpop.required=true", "signet.routes[0].path=/a", "signet.routes[0].scopes=a")
        .run(context -> assertThat(context.getBean(AccessRules.class).toString())
            .isEqualTo("AccessRules[* /a -> Access[scopes=[a], credentials=[DPOP]]] otherwise Access[scopes=[], credentials=[DPOP]]"));
  }

  @Test
  void context_meterRegistry_refusalsCounted() {
    runner.withPropertyValues(MINIMAL).withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      ResourceServer resourceServer = context.getBean(ResourceServer.class);

      resourceServer.authenticate(new ServletIncomingRequest(new MockHttpServletRequest("GET", "/orders")), AccessRules.authenticatedEverywhere());

      assertThat(context.getBean(MeterRegistry.class).get("signet.auth.rejections").tag("reason", "NO_TOKEN").counter().count()).isEqualTo(1.0);
    });
  }

  @Test
  void context_applicationsOwnAuthenticationManagerResolver_usedInsteadOfTheStarters() {
    AuthenticationManagerResolver<HttpServletRequest> own = request -> authentication -> authentication;
    runner.withPropertyValues(MINIMAL).withBean("signetAuthenticationManagerResolver", AuthenticationManagerResolver.class, () -> own)
        .run(context -> assertThat(context.getBean("signetAuthenticationManagerResolver")).isSameAs(own));
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnChain {
    @Bean
    SecurityFilterChain ownChain(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnResourceServer {
    @Bean
    ResourceServer resourceServer() {
      return ResourceServer.builder(URI.create("https://api.example.com"))
          .trust(TrustedIssuer.builder("https://own.example.com").audience("x").build()).build();
    }
  }
}
