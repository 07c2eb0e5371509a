package dev.signet.server.keys;

import dev.signet.UnavailableException;
import dev.signet.UnusableKeyException;
import dev.signet.VerificationKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's copy of the keys of one use: the rows as last read, their public keys, and the
 * private keys of those active or waiting (opened once, kept across refreshes). Replaced whole on
 * each refresh, so readers never see half of one.
 */
final class KeySnapshots<K> {
  private static final Logger log = LoggerFactory.getLogger(KeySnapshots.class);

  private record Snapshot<K>(KeyTimeline timeline, Map<String, VerificationKey> publicKeys, Map<String, K> privateKeys,
      Map<String, String> unusable, Instant readAt) {}

  private final KeyRotation<K> rotation;
  private final KeyKind<K> kind;
  private final KeySealing sealing;
  private final Clock clock;
  private volatile @Nullable Snapshot<K> snapshot;
  private volatile @Nullable JwksDocument jwks;

  KeySnapshots(KeyRotation<K> rotation, KeySealing sealing, Clock clock) {
    this.rotation = rotation;
    this.kind = rotation.kind();
    this.sealing = sealing;
    this.clock = clock;
  }

  /** Opens every stored private key once, to refuse a wrong master key before anything is served. */
  void checkAllOpen() {
    for (KeyTimeline.Entry e : rotation.timeline().entries()) {
      sealing.open(kind, e.row());
    }
  }

  synchronized void refresh() { // the background tick and a change through this instance may refresh at once
    KeyTimeline timeline = rotation.timeline();
    Instant now = clock.instant();
    Snapshot<K> previous = snapshot;
    Map<String, VerificationKey> publicKeys = new HashMap<>();
    Map<String, K> privateKeys = new HashMap<>();
    Map<String, String> unusable = new HashMap<>();
    for (KeyTimeline.Entry e : timeline.entries()) {
      String kid = e.row().kid();
      publicKeys.put(kid, previous != null && previous.publicKeys().containsKey(kid)
          ? previous.publicKeys().get(kid) : publicKey(kind, e.row()));
      // an encryption key decrypts as long as it is published: clients may encrypt to any key of the JWKS
      if (e.activeAt(now) || e.pendingAt(now) || (kind.use() == KeyUse.ENC && e.publishedAt(now))) {
        K opened = previous == null ? null : previous.privateKeys().get(kid);
        try {
          privateKeys.put(kid, opened != null ? opened : sealing.open(kind, e.row()));
        } catch (KeySealing.SealedKeyException ex) {
          unusable.put(kid, ex.getMessage());
          if (previous == null || !previous.unusable().containsKey(kid)) {
            log.error("{}: this instance will not use it", ex.getMessage());
          }
        }
      }
    }
    snapshot = new Snapshot<>(timeline, Map.copyOf(publicKeys), Map.copyOf(privateKeys), Map.copyOf(unusable), now);
  }

  private static VerificationKey publicKey(KeyKind<?> kind, StoredKey row) {
    try {
      VerificationKey key = VerificationKey.parse(row.publicJwk());
      if (!key.thumbprint().equals(row.kid())) {
        throw new IllegalStateException("server key " + row.kid() + " has the public key of " + key.thumbprint());
      }
      return kind.pin(key.withKid(row.kid()), row.alg());
    } catch (UnusableKeyException e) {
      throw new IllegalStateException("server key " + row.kid() + " has an unusable public key: " + e.getMessage(), e);
    }
  }

  private Snapshot<K> snapshot() {
    return Objects.requireNonNull(snapshot, "not refreshed yet");
  }

  K current(Instant now) {
    Snapshot<K> s = snapshot();
    KeyTimeline.Entry active = s.timeline().active(now).orElseThrow(() -> new NoSigningKeyException("no " + kind.use().code() + " key is active"));
    K key = s.privateKeys().get(active.row().kid());
    if (key == null) {
      throw new NoSigningKeyException(s.unusable().getOrDefault(active.row().kid(),
          "the private key of active " + kind.use().code() + " key " + active.row().kid() + " is not loaded"));
    }
    return key;
  }

  /** The private keys of every published key that opened here (encryption keys: they all decrypt). */
  java.util.List<K> usable(Instant now) {
    Snapshot<K> s = snapshot();
    List<K> keys = new ArrayList<>();
    for (KeyTimeline.Entry e : s.timeline().published(now)) {
      K key = s.privateKeys().get(e.row().kid());
      if (key != null) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  @Nullable String activeKid(Instant now) {
    Snapshot<K> s = snapshot;
    return s == null ? null : s.timeline().active(now).map(e -> e.row().kid()).orElse(null);
  }

  JwksDocument jwks(Instant now) {
    Snapshot<K> s = snapshot();
    List<KeyTimeline.Entry> entries = s.timeline().published(now);
    if (kind.use() == KeyUse.ENC) {
      // clients encrypt to what the JWKS shows: a new key appears only once it takes over, by when
      // every instance (refreshing within the publish-ahead time) holds its private half
      entries = entries.stream().filter(e -> !e.pendingAt(now)).toList();
    }
    List<ServerKey> published = describe(entries, s);
    JwksDocument cached = jwks;
    if (cached != null && cached.keys().equals(published)) {
      return cached;
    }
    JwksDocument fresh = JwksDocument.of(published);
    jwks = fresh;
    return fresh;
  }

  List<ServerKey> describe(KeyTimeline timeline) {
    return describe(timeline.entries(), snapshot());
  }

  private List<ServerKey> describe(List<KeyTimeline.Entry> entries, Snapshot<K> s) {
    List<ServerKey> keys = new ArrayList<>(entries.size());
    for (KeyTimeline.Entry e : entries) {
      StoredKey row = e.row();
      VerificationKey publicKey = s.publicKeys().get(row.kid());
      keys.add(new ServerKey(row.kid(), row.use(), row.alg(), publicKey != null ? publicKey : publicKey(kind, row),
          row.createdAt(), row.activatesAt(), e.retiresAt(), e.unpublishAt()));
    }
    return keys;
  }

  Instant readAt() {
    return snapshot().readAt();
  }

  /** No key can sign (or decrypt) here now: 503, never a token signed with something else. */
  static final class NoSigningKeyException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    NoSigningKeyException(String message) {
      super(message);
    }
  }
}
