package dev.signet.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.signet.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Access tokens already verified, so that a client presenting the same token many times pays one
 * signature check. Keyed by {@link TokenHash} (never the token), bounded in entries (Caffeine), and
 * an entry never outlives its token's {@code exp} nor {@code ttl}; a read past {@code exp} is a
 * miss even if Caffeine has not dropped the entry yet. Only verified tokens are kept: a refused
 * token costs a full check every time, so garbage cannot fill the cache. DPoP proofs are never
 * kept (they are single-use); a DPoP-bound token is, and its proof is checked on every request.
 *
 * <p>Tokens revoked while cached ({@link #revoke}) are remembered until their {@code exp}, so
 * that re-verifying them locally cannot bring them back. Thread-safe.
 */
final class TokenCache {
  /** A verified token and the issuer that vouched for it. */
  record Entry(VerifiedToken token, IssuerRuntime issuer) {}

  private final @Nullable Cache<TokenHash, Entry> verified;
  private final Cache<TokenHash, Instant> revoked;
  private final Clock clock;

  TokenCache(int maxEntries, Duration ttl, Clock clock) {
    this.clock = clock;
    Ticker ticker = ticker(clock);
    this.verified = maxEntries == 0 ? null : Caffeine.newBuilder().maximumSize(maxEntries).ticker(ticker).executor(Runnable::run)
        .expireAfter(Expiry.<TokenHash, Entry>creating((hash, entry) -> lifetime(entry.token().expiresAt(), ttl))).build();
    this.revoked = Caffeine.newBuilder().maximumSize(100_000).ticker(ticker).executor(Runnable::run)
        .expireAfter(Expiry.<TokenHash, Instant>creating((hash, exp) -> lifetime(exp, Duration.ofDays(366)))).build();
  }

  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  private Duration lifetime(Instant exp, Duration ttl) {
    Duration untilExp = Duration.between(clock.instant(), exp);
    Duration lifetime = untilExp.compareTo(ttl) < 0 ? untilExp : ttl;
    return lifetime.isNegative() ? Duration.ZERO : lifetime;
  }

  @Nullable Entry get(TokenHash hash) {
    if (verified == null) {
      return null;
    }
    Entry entry = verified.getIfPresent(hash);
    if (entry != null && !clock.instant().isBefore(entry.token().expiresAt())) {
      verified.invalidate(hash);
      return null;
    }
    return entry;
  }

  void put(TokenHash hash, Entry entry) {
    if (verified != null && clock.instant().isBefore(entry.token().expiresAt())) {
      verified.put(hash, entry);
    }
  }

  boolean isRevoked(TokenHash hash) {
    return revoked.getIfPresent(hash) != null;
  }

  /** Drops the token and refuses it from now until {@code expiresAt}. */
  void revoke(TokenHash hash, Instant expiresAt) {
    if (verified != null) {
      verified.invalidate(hash);
    }
    revoked.put(hash, expiresAt);
  }

  long size() {
    return verified == null ? 0 : verified.estimatedSize();
  }
}
