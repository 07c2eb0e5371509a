package dev.signet.internal;

import dev.signet.ReplayStore;
import dev.signet.ReplayStoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Nonces in an open-addressing table of primitives: each entry is a keyed 64-bit hash of (principal,
 * nonce) and the last millisecond its token can be accepted, 16 bytes in one {@code long[]}, where a
 * cache of string keys and {@code Instant}s took about 200 bytes a nonce (a full store of a million
 * nonces was most of the server's heap) and allocated on every request.
 *
 * <p><b>Semantics.</b> A nonce is accepted once per principal until its expiry, inclusive. Two
 * different (principal, nonce) pairs that hash alike are taken for one: the second is refused as
 * a replay (fails closed), never accepted twice. The hash is SHA-256 under a random 128-bit prefix
 * per store, cut to 64 bits, so that no client can aim collisions at another principal's nonces, or
 * pile its own into one probe run (a non-cryptographic hash, even seeded, has seed-independent
 * collisions); by chance they happen about once in 10<sup>7</sup> full stores.
 *
 * <p><b>Bounded without forgetting.</b> When it holds {@code maxEntries} nonces it drops the expired
 * ones; when they are all still live it refuses (fails closed) rather than forget one and reopen
 * its token to replay. The check comes first, so a replay is refused too while full.
 *
 * <p><b>Table.</b> Linear probing; a slot whose nonce expired is reused, but a lookup always probes
 * to the first never-used slot, so a live duplicate further along is still found. When used slots
 * pass three quarters of the table, it is rebuilt without the expired ones (doubled while the
 * live ones fill more than half of it), so probe runs stay short and memory follows the live
 * nonces. One lock: a call holds it for well under a microsecond, a rebuild (once per quarter of
 * the table's slots of new nonces) for a scan of the table: milliseconds at a million slots.
 *
 * <p>Time comes from the verifier's {@link Clock} so tests can move it. Thread-safe.
 */
public final class InMemoryReplayStore implements ReplayStore {
  private static final int FIRST_SLOTS = 1 << 12;
  private static final int MAX_SLOTS = 1 << 27;
  private static final long EMPTY = Long.MIN_VALUE; // an expiry no entry has (nonces expire after 1970)

  private final long maxEntries;
  private final int maxSlots;
  private final Clock clock;
  private final MessageDigest keyed; // SHA-256 that has read the random prefix; cloned per call
  private long[] table; // pairs: [2i] the hash, [2i + 1] the expiry in epoch millis, or EMPTY
  private int used; // slots not EMPTY: live nonces and expired ones not yet dropped
  private long soonestExpiry = Long.MAX_VALUE; // of the entries in the table; nothing expired before it

  public InMemoryReplayStore(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.clock = clock;
    this.keyed = keyedDigest();
    // room for maxEntries at a load of at most three quarters (at most 2^27 slots: 201 million nonces)
    this.maxSlots = Integer.highestOneBit((int) Math.min(MAX_SLOTS, Math.max(FIRST_SLOTS, maxEntries * 4L / 3 + 1)) - 1) << 1;
    this.maxEntries = Math.min(maxEntries, maxSlots / 4 * 3);
    this.table = emptyTable(Math.min(FIRST_SLOTS, maxSlots));
  }

  @Override
  public boolean firstUse(String principal, String nonce, Instant expiresAt) {
    long hash = hash(principal, nonce);
    long expiry = expiresAt.toEpochMilli();
    synchronized (this) {
      long now = clock.millis();
      if (used >= maxEntries) {
        dropExpired(now);
        if (used >= maxEntries) {
          throw new ReplayStoreException(
              "in-memory replay store is full (" + maxEntries + " live nonces); refusing rather than forgetting");
        }
      }
      if (used + 1 > (table.length >> 1) * 3 / 4) {
        dropExpired(now);
      }
      return record(hash, expiry, now);
    }
  }

  /** Whether {@code hash} was new (or its entry expired), recording it until {@code expiry}. */
  private boolean record(long hash, long expiry, long now) {
    long[] t = table;
    int mask = (t.length >> 1) - 1;
    int free = -1;
    for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
      long slotExpiry = t[2 * i + 1];
      if (slotExpiry == EMPTY) {
        if (free < 0) {
          free = i;
          used++;
        }
        break;
      }
      boolean live = slotExpiry >= now;
      if (t[2 * i] == hash && live) {
        return false;
      }
      if (!live && free < 0) {
        free = i; // reused, but probing goes on: a live duplicate may lie further along
      }
    }
    t[2 * free] = hash;
    t[2 * free + 1] = expiry;
    soonestExpiry = Math.min(soonestExpiry, expiry);
    return true;
  }

  /** Rebuilds the table without expired entries (when any can have expired), grown while live ones fill over half. */
  private void dropExpired(long now) {
    int slots = table.length >> 1;
    if (soonestExpiry >= now && used + 1 <= slots * 3 / 4) {
      return;
    }
    int live = 0;
    if (soonestExpiry < now) {
      for (int i = 0; i < slots; i++) {
        long e = table[2 * i + 1];
        if (e != EMPTY && e >= now) {
          live++;
        }
      }
    } else {
      live = used;
    }
    int size = slots;
    while (live + 1 > size / 2 && size < maxSlots) {
      size <<= 1;
    }
    long[] old = table;
    table = emptyTable(size);
    used = 0;
    soonestExpiry = Long.MAX_VALUE;
    int mask = size - 1;
    for (int i = 0; i < slots; i++) {
      long e = old[2 * i + 1];
      if (e != EMPTY && e >= now) {
        int j = (int) old[2 * i] & mask;
        while (table[2 * j + 1] != EMPTY) {
          j = (j + 1) & mask;
        }
        table[2 * j] = old[2 * i];
        table[2 * j + 1] = e;
        used++;
        soonestExpiry = Math.min(soonestExpiry, e);
      }
    }
  }

  private static long[] emptyTable(int slots) {
    long[] t = new long[2 * slots];
    for (int i = 1; i < t.length; i += 2) {
      t[i] = EMPTY;
    }
    return t;
  }

  private static MessageDigest keyedDigest() {
    byte[] prefix = new byte[16];
    new SecureRandom().nextBytes(prefix);
    MessageDigest digest = sha256(null);
    try {
      var unused = digest.clone();
    } catch (CloneNotSupportedException e) {
      digest = sha256("SUN"); // the first provider's cannot be copied; the JDK's can
    }
    digest.update(prefix);
    return digest;
  }

  private static MessageDigest sha256(@Nullable String provider) {
    try {
      return provider == null ? MessageDigest.getInstance("SHA-256") : MessageDigest.getInstance("SHA-256", provider);
    } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The first 64 bits of SHA-256(prefix, the principal's length in bytes, the principal, the nonce). */
  private long hash(String principal, String nonce) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 of " + keyed.getProvider().getName() + " cannot be cloned", e);
    }
    byte[] p = principal.getBytes(StandardCharsets.UTF_8);
    digest.update(new byte[] {(byte) (p.length >>> 24), (byte) (p.length >>> 16), (byte) (p.length >>> 8), (byte) p.length});
    digest.update(p);
    digest.update(nonce.getBytes(StandardCharsets.UTF_8));
    byte[] h = digest.digest();
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (h[i] & 0xFF);
    }
    return v;
  }

  @Override
  public String toString() {
    return "InMemoryReplayStore[max=" + maxEntries + "]";
  }
}
