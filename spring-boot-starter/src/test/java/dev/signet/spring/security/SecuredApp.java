package dev.signet.spring.security;

import dev.signet.web.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.util.TreeSet;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with Spring Security as users write one: its own chain
 * ({@code authorizeHttpRequests}), method security, {@code @AuthenticationPrincipal}; Signet
 * comes in through the starter alone.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableMethodSecurity
@Import(SecuredApp.Routes.class)
class SecuredApp {

  @Bean
  SecurityFilterChain api(HttpSecurity http) {
    return http.authorizeHttpRequests(requests -> requests
        .requestMatchers("/reports/**").hasAuthority("SCOPE_reports:read")
        .requestMatchers("/health", "/open").permitAll()
        .anyRequest().authenticated()).build();
  }

  @RestController
  static class Routes {
    @GetMapping("/health")
    String health() {
      return "ok";
    }

    @GetMapping("/open")
    String open() {
      return "open";
    }

    @GetMapping("/docs")
    String docs() {
      return "docs";
    }

    @GetMapping("/me")
    String me(@AuthenticationPrincipal Identity who, Authentication authentication, HttpServletRequest request) {
      TreeSet<String> authorities = new TreeSet<>(authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
      return who.principal() + " " + who.credential() + " " + authorities + " name=" + authentication.getName()
          + " user=" + request.getUserPrincipal().getName();
    }

    @GetMapping("/orders")
    String orders(Identity who) {
      return "orders of " + who.principal();
    }

    @GetMapping("/reports")
    String reports(Identity who) {
      return "reports of " + who.principal();
    }

    @GetMapping("/method")
    @PreAuthorize("hasAuthority('SCOPE_method:read') and hasAuthority('SCOPE_method:write')")
    String method(Identity who) {
      return "method of " + who.principal();
    }

    @GetMapping("/role")
    @PreAuthorize("hasRole('ADMIN')")
    String role() {
      return "admin";
    }

    @PostMapping("/echo")
    String echo(@RequestBody String body, Identity who) {
      return who.principal() + ": " + body;
    }
  }
}
