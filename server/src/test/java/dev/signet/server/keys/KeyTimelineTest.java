package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Algorithm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The life of keys derived from their rows: who is active when, and until when each is published. */
class KeyTimelineTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration RETENTION = Duration.ofMinutes(6);

  static StoredKey key(String kid, Duration activatesAfter, @Nullable Duration retiredAfter, @Nullable Duration unpublishedAfter) {
    return new StoredKey(kid, KeyUse.SIG, Algorithm.ES256, "{}", "", T0, T0.plus(activatesAfter),
        retiredAfter == null ? null : T0.plus(retiredAfter), unpublishedAfter == null ? null : T0.plus(unpublishedAfter), null);
  }

  static Instant at(Duration d) {
    return T0.plus(d);
  }

  @Test
  void oneKey_activeFromItsActivationPublishedForever() {
    KeyTimeline t = KeyTimeline.of(List.of(key("a", Duration.ZERO, null, null)), RETENTION);

    assertThat(t.active(T0).orElseThrow().row().kid()).isEqualTo("a");
    assertThat(t.entries().getFirst().retiresAt()).isNull();
    assertThat(t.entries().getFirst().unpublishAt()).isNull();
    assertThat(t.pending(T0)).isEmpty();
  }

  @Test
  void successor_takesOverAtItsActivation_predecessorPublishedForTheRetention() {
    KeyTimeline t = KeyTimeline.of(List.of(key("b", Duration.ofHours(1), null, null), key("a", Duration.ZERO, null, null)), RETENTION);

    assertThat(t.active(at(Duration.ofMinutes(59))).orElseThrow().row().kid()).isEqualTo("a");
    assertThat(t.pending(at(Duration.ofMinutes(59))).orElseThrow().row().kid()).isEqualTo("b");
    assertThat(t.active(at(Duration.ofHours(1))).orElseThrow().row().kid()).isEqualTo("b");
    KeyTimeline.Entry a = t.find("a").orElseThrow();
    assertThat(a.retiresAt()).isEqualTo(at(Duration.ofHours(1)));
    assertThat(a.unpublishAt()).isEqualTo(at(Duration.ofHours(1)).plus(RETENTION));
    assertThat(t.published(at(Duration.ofHours(1)).plus(RETENTION).minusMillis(1))).hasSize(2);
    assertThat(t.published(at(Duration.ofHours(1)).plus(RETENTION))).extracting(e -> e.row().kid()).containsExactly("b");
    assertThat(t.unpublished(at(Duration.ofHours(1)).plus(RETENTION))).extracting(e -> e.row().kid()).containsExactly("a");
  }

  @Test
  void retiredByHand_endsThenPublishedForTheRetention() {
    KeyTimeline t = KeyTimeline.of(List.of(key("a", Duration.ZERO, Duration.ofMinutes(10), null),
        key("b", Duration.ofMinutes(10), null, null)), RETENTION);

    KeyTimeline.Entry a = t.find("a").orElseThrow();
    assertThat(a.retiresAt()).isEqualTo(at(Duration.ofMinutes(10)));
    assertThat(a.unpublishAt()).isEqualTo(at(Duration.ofMinutes(10)).plus(RETENTION));
  }

  @Test
  void compromised_unpublishedAtItsExplicitTime() {
    KeyTimeline t = KeyTimeline.of(List.of(key("a", Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(10)),
        key("b", Duration.ofMinutes(10), null, null)), RETENTION);

    assertThat(t.find("a").orElseThrow().unpublishAt()).isEqualTo(at(Duration.ofMinutes(10)));
    assertThat(t.published(at(Duration.ofMinutes(10)))).extracting(e -> e.row().kid()).containsExactly("b");
  }

  @Test
  void waitingKeyRetiredBeforeItsActivation_neverActive_doesNotEndItsPredecessor_unpublishedAtOnce() {
    KeyTimeline t = KeyTimeline.of(List.of(key("a", Duration.ZERO, null, null),
        key("b", Duration.ofHours(1), Duration.ofMinutes(5), null)), RETENTION);

    assertThat(t.find("a").orElseThrow().retiresAt()).isNull();
    assertThat(t.active(at(Duration.ofHours(2))).orElseThrow().row().kid()).isEqualTo("a");
    assertThat(t.find("b").orElseThrow().unpublishAt()).isEqualTo(at(Duration.ofMinutes(5)));
    assertThat(t.pending(at(Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void retiredInTheInstantItActivated_mayHaveSigned_publishedForTheRetention() {
    KeyTimeline t = KeyTimeline.of(List.of(key("a", Duration.ZERO, Duration.ZERO, null), key("b", Duration.ZERO, null, null)), RETENTION);

    assertThat(t.find("a").orElseThrow().unpublishAt()).isEqualTo(T0.plus(RETENTION));
  }

  @Test
  void rotationDue_periodMinusPublishAheadAfterActivation_unlessAKeyWaits() {
    Duration period = Duration.ofDays(30);
    Duration ahead = Duration.ofMinutes(15);
    KeyTimeline one = KeyTimeline.of(List.of(key("a", Duration.ZERO, null, null)), RETENTION);
    KeyTimeline waiting = KeyTimeline.of(List.of(key("a", Duration.ZERO, null, null), key("b", period, null, null)), RETENTION);

    assertThat(one.rotationDue(at(period.minus(ahead)).minusMillis(1), period, ahead)).isFalse();
    assertThat(one.rotationDue(at(period.minus(ahead)), period, ahead)).isTrue();
    assertThat(waiting.rotationDue(at(period.minus(ahead)), period, ahead)).isFalse();
    assertThat(KeyTimeline.of(List.of(), RETENTION).rotationDue(T0, period, ahead)).isTrue();
  }
}
