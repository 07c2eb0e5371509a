package dev.signet.examples.spring;

import dev.signet.web.Identity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /hello}: who called, with which scopes. */
@RestController
class HelloController {

  record Hello(String principal, String scope) {}

  @GetMapping("/hello")
  @PreAuthorize("hasAuthority('SCOPE_hello:read')")
  Hello hello(@AuthenticationPrincipal Identity caller) {
    return new Hello(caller.principal(), String.join(" ", caller.scopes()));
  }
}
