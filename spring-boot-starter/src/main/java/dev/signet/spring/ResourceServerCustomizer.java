package dev.signet.spring;

import dev.signet.web.ResourceServer;

/**
 * Adjusts the {@link ResourceServer.Builder} the starter made from {@code signet.*} before it is
 * built: for what properties cannot say, such as a shared replay store for DPoP proofs or
 * Signet request tokens verified against your principals' keys. Declare it as a bean; every one
 * is applied, in {@code @Order}.
 *
 * {@snippet :
 * @Bean // RedisReplayStore comes from signet-redis; every instance then refuses a replayed proof
 * ResourceServerCustomizer sharedReplayStore(RedisReplayStore store) {
 *   return builder -> builder.replayStore(store);
 * }
 * }
 */
@FunctionalInterface
public interface ResourceServerCustomizer {
  void customize(ResourceServer.Builder builder);
}
