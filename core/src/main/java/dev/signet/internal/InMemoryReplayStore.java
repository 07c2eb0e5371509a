package dev.signet.internal;

import dev.signet.ReplayStore;
import dev.signet.ReplayStoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Nonces in an open-addressing table of primitives: each entry is a keyed 64-bit hash of (principal,
 * nonce) and the last millisecond its token can be accepted, 16 bytes in one {@code long[]}, where a
 * cache of string keys and {@code Instant}s took about 200 bytes a nonce (a full store of a million
 * nonces was most of the server's heap) and allocated on every request.
 *
 * <p><b>Semantics.</b> A nonce is accepted once per principal until its expiry, inclusive. Two
 * different (principal, nonce) pairs that hash alike are taken for one: the second is refused as
 * a replay (fails closed), never accepted twice. The hash is keyed with a random seed per store, so
 * a client cannot aim collisions at another principal's nonces; by chance they happen about once in
 * 10<sup>7</sup> full stores.
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
  private final long seed;
  private long[] table; // pairs: [2i] the hash, [2i + 1] the expiry in epoch millis, or EMPTY
  private int used; // slots not EMPTY: live nonces and expired ones not yet dropped
  private long soonestExpiry = Long.MAX_VALUE; // of the entries in the table; nothing expired before it

  public InMemoryReplayStore(int maxEntries, Clock clock) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
    }
    this.clock = clock;
    this.seed = new SecureRandom().nextLong();
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

  /** A keyed hash of the principal's length, the principal and the nonce (murmur3's mixing, four chars a step). */
  private long hash(String principal, String nonce) {
    long h = seed ^ principal.length() * 0x9E3779B97F4A7C15L;
    h = step(h, principal);
    h = step(h, nonce);
    return mix(h ^ (principal.length() + nonce.length()));
  }

  private static long step(long h, String s) {
    int n = s.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long k = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
      h = Long.rotateLeft(h ^ scramble(k), 27) * 5 + 0x52DCE729;
    }
    long k = 0x8000; // the tail, closed by a marker so that "ab" + "c" and "a" + "bc" differ
    for (; i < n; i++) {
      k = k << 16 | s.charAt(i);
    }
    return Long.rotateLeft(h ^ scramble(k), 27) * 5 + 0x52DCE729;
  }

  private static long scramble(long k) {
    k *= 0x87C37B91114253D5L;
    return Long.rotateLeft(k, 31) * 0x4CF5AD432745937FL;
  }

  /** murmur3's finalizer: every bit of the input moves every bit of the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9F53A72F305L;
    return z ^ (z >>> 33);
  }

  @Override
  public String toString() {
    return "InMemoryReplayStore[max=" + maxEntries + "]";
  }
}
