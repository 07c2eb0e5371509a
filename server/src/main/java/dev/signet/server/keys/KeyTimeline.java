package dev.signet.server.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The life of every key of one use, derived from the stored rows alone, so that every instance
 * reading the same rows comes to the same answer at the same instant, and no change ever has to
 * touch two rows:
 *
 * <ul>
 *   <li>a key is active from its {@code activates_at} until the earliest of its own retirement
 *       and the activation of the next key that ever became active (a key retired before its
 *       activation never did);
 *   <li>it stays published until {@code retention} after that (the longest lifetime of a token it
 *       signed, plus clock skew and the instances' refresh delay), or until its explicit
 *       {@code unpublish_at} (a compromised key), or at once if it never was active.
 * </ul>
 *
 * <p>Rotation is then one new row whose {@code activates_at} lies ahead, and retirement one
 * changed row. Immutable.
 */
final class KeyTimeline {
  private static final Comparator<StoredKey> ORDER = Comparator.comparing(StoredKey::activatesAt).thenComparing(StoredKey::kid);

  /** A stored key and the times derived for it. */
  record Entry(StoredKey row, @Nullable Instant retiresAt, @Nullable Instant unpublishAt) {
    boolean activeAt(Instant now) {
      return !now.isBefore(row.activatesAt()) && (retiresAt == null || now.isBefore(retiresAt));
    }

    boolean pendingAt(Instant now) {
      return now.isBefore(row.activatesAt()) && (retiresAt == null || now.isBefore(retiresAt));
    }

    boolean publishedAt(Instant now) {
      return unpublishAt == null || now.isBefore(unpublishAt);
    }
  }

  private final List<Entry> entries;

  private KeyTimeline(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static KeyTimeline of(List<StoredKey> rows, Duration retention) {
    List<StoredKey> sorted = rows.stream().sorted(ORDER).toList();
    List<Entry> entries = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      StoredKey key = sorted.get(i);
      Instant end = key.retiredAt();
      for (int j = i + 1; j < sorted.size(); j++) {
        StoredKey next = sorted.get(j);
        if (next.activatesAt().isAfter(key.activatesAt()) && everActive(next)) {
          end = end == null || next.activatesAt().isBefore(end) ? next.activatesAt() : end;
          break;
        }
      }
      entries.add(new Entry(key, end, unpublishAt(key, end, retention)));
    }
    return new KeyTimeline(entries);
  }

  /** Whether a key may have signed: it was not retired before its activation (retired in that very instant, it may have). */
  private static boolean everActive(StoredKey key) {
    return key.retiredAt() == null || !key.retiredAt().isBefore(key.activatesAt());
  }

  private static @Nullable Instant unpublishAt(StoredKey key, @Nullable Instant end, Duration retention) {
    if (key.unpublishAt() != null) {
      return key.unpublishAt();
    }
    if (end == null) {
      return null;
    }
    return end.isBefore(key.activatesAt()) ? end : end.plus(retention); // a key never active signed nothing
  }

  /** Every key, oldest activation first. */
  List<Entry> entries() {
    return entries;
  }

  /** The key in use at {@code now}: of the active ones (normally one), the latest activated. */
  Optional<Entry> active(Instant now) {
    Entry found = null;
    for (Entry e : entries) {
      if (e.activeAt(now)) {
        found = e; // entries are in activation order
      }
    }
    return Optional.ofNullable(found);
  }

  /** The key waiting to take over, if there is one. */
  Optional<Entry> pending(Instant now) {
    return entries.stream().filter(e -> e.pendingAt(now)).findFirst();
  }

  List<Entry> published(Instant now) {
    return entries.stream().filter(e -> e.publishedAt(now)).toList();
  }

  /** Keys out of the JWKS for good: their rows can go. */
  List<Entry> unpublished(Instant now) {
    return entries.stream().filter(e -> !e.publishedAt(now)).toList();
  }

  Optional<Entry> find(String kid) {
    return entries.stream().filter(e -> e.row().kid().equals(kid)).findFirst();
  }

  /**
   * Whether the schedule calls for a new key now: the active key has been active for
   * {@code period - publishAhead} and none is waiting, so that the new one, published now,
   * takes over when the active one has been active for {@code period}.
   */
  boolean rotationDue(Instant now, Duration period, Duration publishAhead) {
    if (pending(now).isPresent()) {
      return false;
    }
    Optional<Entry> active = active(now);
    return active.isEmpty() || !now.isBefore(active.get().row().activatesAt().plus(period).minus(publishAhead));
  }
}
