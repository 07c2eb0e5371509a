/**
 * Spring Boot auto-configuration of Signet's resource-server engine from {@code signet.*}
 * properties ({@link dev.signet.spring.SignetProperties}); the Spring Security integration is in
 * {@code dev.signet.spring.security}.
 */
@NullMarked
package dev.signet.spring;

import org.jspecify.annotations.NullMarked;
