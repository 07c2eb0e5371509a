package dev.signet.spring;

import dev.signet.web.AccessRules;
import dev.signet.web.ResourceServer;
import dev.signet.web.servlet.SignetFilter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * Without Spring Security (no {@code springSecurityFilterChain}), Signet's {@link SignetFilter}
 * in front of every request: paths that {@code signet.*} does not make public need a valid
 * token; the caller is {@code request.getUserPrincipal()} and an {@code Identity} handler
 * argument.
 */
@AutoConfiguration(after = SignetAutoConfiguration.class,
    afterName = {"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({ResourceServer.class, AccessRules.class})
@ConditionalOnMissingBean(name = "springSecurityFilterChain")
public final class SignetServletAutoConfiguration {
  /** Spring Security's own filter chain would stand here: before the application's filters. */
  static final int ORDER = -100;

  @Bean
  FilterRegistrationBean<SignetFilter> signetFilter(ResourceServer resourceServer, AccessRules rules) {
    FilterRegistrationBean<SignetFilter> registration = new FilterRegistrationBean<>(new SignetFilter(resourceServer, rules));
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.addUrlPatterns("/*");
    registration.setOrder(ORDER);
    return registration;
  }
}
