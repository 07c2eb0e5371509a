package dev.signet.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signet.KeySourceException;
import dev.signet.VerificationKey;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caching behind {@code RemoteJwks}. One document is kept, with the time it was fetched.
 *
 * <pre>
 * age &lt; 3/4 cacheTtl               answer from it
 * 3/4 cacheTtl &lt;= age &lt; cacheTtl   answer from it; refresh in the background
 * cacheTtl &lt;= age, a fetch failed    answer from it (outage) until cacheTtl + outageTolerance;
 *   since it was fetched              keep retrying in the background
 * otherwise (first use, idle past    the caller fetches, bounded by fetchTimeout; concurrent
 *   cacheTtl, beyond the tolerance)   callers wait for that one fetch, later ones within the
 *                                     fetch spacing fail at once with the last error
 * </pre>
 *
 * A kid the document lacks is answered "none" at once and triggers a background refetch; the
 * kid is then remembered for {@code unknownKidTtl} so that repeating it triggers nothing more,
 * and the memory is cleared whenever a document with new content arrives. The document is always
 * consulted before that memory. Whatever triggers them, fetches start at least
 * {@code fetchSpacing} apart and never two at once: a flood of made-up kids costs the issuer
 * one request per spacing, and a caller never waits behind a refetch for an unknown kid.
 */
public final class JwksCache implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("dev.signet.RemoteJwks");

  /** Fetches the document's text. */
  @FunctionalInterface
  public interface Source {
    String fetch() throws IOException;
  }

  /** The timing rules; see the class comment. */
  public record Settings(Duration cacheTtl, Duration outageTolerance, Duration fetchSpacing, Duration unknownKidTtl, Duration fetchTimeout) {}

  /** The document, the SHA-256 of its text (to skip reading it again unchanged), and when it came. */
  private record Loaded(JwksDocument document, String hash, Instant fetchedAt) {
    boolean sameText(String otherHash) {
      return hash.equals(otherHash);
    }
  }

  private record Failure(IOException cause, Instant at) {}

  private final URI uri;
  private final Source source;
  private final Settings settings;
  private final Duration refreshAt;
  private final Clock clock;
  private final Executor executor;
  private final Cache<String, Boolean> unknownKids;
  private final Object lock = new Object();
  private volatile @Nullable Loaded loaded; // read without the lock on the fast path
  private @Nullable Failure failure;
  private @Nullable Instant lastFetchStart;
  private @Nullable CompletableFuture<Loaded> inFlight;
  private boolean closed;

  public JwksCache(URI uri, Source source, Settings settings, Clock clock, Executor executor) {
    this.uri = uri;
    this.source = source;
    this.settings = settings;
    this.refreshAt = settings.cacheTtl().multipliedBy(3).dividedBy(4);
    this.clock = clock;
    this.executor = executor;
    this.unknownKids = Caffeine.newBuilder()
        .expireAfterWrite(settings.unknownKidTtl())
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run)
        .maximumSize(10_000)
        .build();
  }

  /** Every usable key when {@code kid} is null, else those it names; see the class comment. */
  public List<VerificationKey> keys(@Nullable String kid) {
    JwksDocument document = current();
    if (kid == null) {
      return document.keys();
    }
    List<VerificationKey> found = document.keys(kid);
    if (found.isEmpty() && document.whyUnusable(kid).isEmpty() && unknownKids.getIfPresent(kid) == null) {
      synchronized (lock) {
        if (refreshInBackground(clock.instant()) || inFlight != null) {
          unknownKids.put(kid, Boolean.TRUE);
        }
      }
    }
    return found;
  }

  /** Why the current document's key with this kid was skipped; empty without a document. */
  public Optional<String> whyUnusable(String kid) {
    Loaded current = loaded;
    return current == null ? Optional.empty() : current.document().whyUnusable(kid);
  }

  private JwksDocument current() {
    Loaded fresh = loaded;
    if (fresh != null && Duration.between(fresh.fetchedAt(), clock.instant()).compareTo(refreshAt) < 0) {
      return fresh.document(); // the common case, without taking the lock
    }
    Loaded stale;
    CompletableFuture<Loaded> fetch;
    boolean fetchHere = false;
    synchronized (lock) {
      Instant now = clock.instant();
      stale = loaded;
      if (stale != null) {
        Duration age = Duration.between(stale.fetchedAt(), now);
        if (age.compareTo(settings.cacheTtl()) < 0) {
          if (age.compareTo(refreshAt) >= 0) {
            refreshInBackground(now);
          }
          return stale.document();
        }
        if (failure != null && failure.at().isAfter(stale.fetchedAt()) && withinTolerance(stale, now)) {
          refreshInBackground(now);
          return stale.document();
        }
      }
      if (inFlight != null) {
        fetch = inFlight;
      } else if (!closed && mayFetch(now)) {
        fetch = start(now);
        fetchHere = true;
      } else {
        throw unavailable(stale);
      }
    }
    if (fetchHere) {
      run(fetch);
    }
    return await(fetch, stale);
  }

  private JwksDocument await(CompletableFuture<Loaded> fetch, @Nullable Loaded stale) {
    try {
      return fetch.get(settings.fetchTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS).document();
    } catch (ExecutionException | TimeoutException e) {
      synchronized (lock) {
        if (stale != null && withinTolerance(stale, clock.instant())) {
          return stale.document();
        }
        throw unavailable(stale);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while waiting for the JWKS at " + uri, e);
    }
  }

  private boolean withinTolerance(Loaded document, Instant now) {
    return Duration.between(document.fetchedAt(), now).compareTo(settings.cacheTtl().plus(settings.outageTolerance())) < 0;
  }

  private boolean mayFetch(Instant now) {
    return lastFetchStart == null || !now.isBefore(lastFetchStart.plus(settings.fetchSpacing()));
  }

  /** Starts a fetch on the executor when none runs and the spacing allows; whether it did. Holds the lock. */
  private boolean refreshInBackground(Instant now) {
    if (closed || inFlight != null || !mayFetch(now)) {
      return false;
    }
    CompletableFuture<Loaded> fetch = start(now);
    try {
      executor.execute(() -> run(fetch));
      return true;
    } catch (RejectedExecutionException e) {
      inFlight = null;
      fetch.completeExceptionally(e);
      log.debug("no background refresh of the JWKS at {}: the executor refused it", uri, e);
      return false;
    }
  }

  private CompletableFuture<Loaded> start(Instant now) {
    lastFetchStart = now;
    CompletableFuture<Loaded> fetch = new CompletableFuture<>();
    inFlight = fetch;
    return fetch;
  }

  private void run(CompletableFuture<Loaded> fetch) {
    String hash;
    JwksDocument document;
    try {
      String text = source.fetch();
      hash = java.util.HexFormat.of().formatHex(RequestHashes.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Loaded previous;
      synchronized (lock) {
        previous = loaded;
      }
      document = previous != null && previous.sameText(hash) ? previous.document() : JwksDocument.parse(text, uri.toString());
    } catch (IOException | ParseException | RuntimeException e) {
      IOException cause = e instanceof IOException io ? io : new IOException("not a JWK set: " + e.getMessage(), e);
      synchronized (lock) {
        failure = new Failure(cause, clock.instant());
        inFlight = null;
      }
      log.debug("fetching the JWKS at {} failed", uri, cause);
      fetch.completeExceptionally(cause);
      return;
    }
    Loaded fresh = new Loaded(document, hash, clock.instant());
    synchronized (lock) {
      Loaded previous = loaded;
      if (previous == null || !previous.sameText(hash)) {
        unknownKids.invalidateAll();
      }
      loaded = fresh;
      failure = null;
      inFlight = null;
    }
    fetch.complete(fresh);
  }

  private KeySourceException unavailable(@Nullable Loaded stale) {
    String why = closed ? "it is closed" : failure == null ? "no document fetched yet" : failure.cause().getMessage();
    String retry = closed || lastFetchStart == null ? "" : "; next attempt from " + lastFetchStart.plus(settings.fetchSpacing());
    String last = stale == null ? "" : "; the last document, fetched at " + stale.fetchedAt() + ", is past cacheTtl + outageTolerance";
    String message = "JWKS at " + uri + " is unavailable: " + why + last + retry;
    return failure == null ? new KeySourceException(message) : new KeySourceException(message, failure.cause());
  }

  /** Stops background refreshes and aborts a fetch under way; the document in hand still answers. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    unknownKids.invalidateAll();
  }
}
