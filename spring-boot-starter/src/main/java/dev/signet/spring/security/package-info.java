/**
 * Signet in Spring Security's filter chain: {@link dev.signet.spring.security.SignetHttpConfigurer}
 * puts the verification in every {@code SecurityFilterChain}, a verified caller becomes a
 * {@link dev.signet.spring.security.SignetAuthentication} with {@code SCOPE_} authorities, and
 * Spring Security's own refusals are answered as Signet's (RFC 6750).
 */
@NullMarked
package dev.signet.spring.security;

import org.jspecify.annotations.NullMarked;
