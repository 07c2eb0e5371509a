package dev.signet.spring.security;

import dev.signet.spring.SignetAutoConfiguration;
import dev.signet.web.Access;
import dev.signet.web.AccessRules;
import dev.signet.web.ResourceServer;
import dev.signet.web.servlet.ServletIncomingRequest;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Signet in Spring Security: {@link SignetHttpConfigurer} applied to every
 * {@code SecurityFilterChain}, and, when the application declares none, a chain of its own that
 * is stateless, lets {@code signet.public-paths} through and asks every other request to be
 * authenticated. A verified caller is turned into a {@link SignetAuthentication} by the
 * {@code AuthenticationManager} that the bean {@code signetAuthenticationManagerResolver}
 * resolves (by default: {@code SCOPE_} authorities, success events published); declare a bean of
 * that name to map callers otherwise. Its presence also tells Spring Boot that authentication is
 * taken care of: no generated password, no in-memory user.
 */
@AutoConfiguration(after = SignetAutoConfiguration.class,
    beforeName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean({ResourceServer.class, AccessRules.class})
public final class SignetSecurityAutoConfiguration {
  static final String MANAGERS = "signetAuthenticationManagerResolver";

  @Bean(MANAGERS)
  @ConditionalOnMissingBean(name = MANAGERS)
  AuthenticationManagerResolver<HttpServletRequest> signetAuthenticationManagerResolver(ApplicationEventPublisher events) {
    ProviderManager manager = new ProviderManager(new SignetAuthenticationProvider());
    manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
    return request -> manager;
  }

  @Bean
  Customizer<HttpSecurity> signetHttpSecurity(ResourceServer resourceServer, AccessRules rules,
      @Qualifier(MANAGERS) AuthenticationManagerResolver<HttpServletRequest> managers) {
    return http -> http.with(new SignetHttpConfigurer(resourceServer, rules, managers));
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnDefaultWebSecurity
  static class DefaultChain {
    @Bean
    SecurityFilterChain signetSecurityFilterChain(ObjectProvider<HttpSecurity> https, AccessRules rules) {
      HttpSecurity http = https.getIfAvailable();
      if (http == null) {
        // Spring Security's web support is off (its auto-configuration excluded): a chain nobody runs
        return new DefaultSecurityFilterChain(request -> false);
      }
      http.authorizeHttpRequests(requests -> requests
              .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
              .requestMatchers(request -> isPublic(rules, request)).permitAll()
              .anyRequest().authenticated())
          .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
          .csrf(AbstractHttpConfigurer::disable)
          .requestCache(AbstractHttpConfigurer::disable);
      return http.build();
    }

    private static boolean isPublic(AccessRules rules, HttpServletRequest request) {
      return rules.accessFor(request.getMethod(), new ServletIncomingRequest(request).path()).map(Access::isPublic).orElse(false);
    }
  }
}
