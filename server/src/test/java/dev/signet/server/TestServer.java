package dev.signet.server;

import dev.signet.Algorithm;
import dev.signet.SigningKey;
import dev.signet.server.config.ServerConfig;
import dev.signet.server.config.Settings;
import dev.signet.server.keys.SigningKeys;
import dev.signet.server.testing.ApiClient;
import dev.signet.server.testing.Backend;
import dev.signet.server.testing.TestDatabases;
import dev.signet.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@link SignetServer} for HTTP tests: port 0 on 127.0.0.1, a temporary data directory,
 * the {@code admin} principal bootstrapped with {@link #ADMIN_KEY}, on H2 or on a PostgreSQL schema
 * of its own (dropped on {@link #close()}). Any other setting goes in as a flag.
 *
 * {@snippet :
 * try (TestServer server = TestServer.builder().setting("key-cache-ttl", "200ms").start()) {
 *   ApiClient admin = server.admin();
 *   assertThat(admin.get("/admin/principals").status()).isEqualTo(200);
 * }
 * }
 */
public final class TestServer implements AutoCloseable {
  /** The admin principal's key, installed through {@code --admin-key}. */
  public static final SigningKey ADMIN_KEY = TestKeys.of(Algorithm.ES256, "signet-admin");

  /** The master key of servers on PostgreSQL (which need one given; instances sharing a database share it). */
  public static final String MASTER_KEY = masterKey("signet test master key");

  private final SignetServer server;
  private final Clock clock;
  private final Path dir;
  private final boolean ownsDir;
  private final TestDatabases.@Nullable PostgresSchema schema;
  private boolean closed;

  private TestServer(SignetServer server, Clock clock, Path dir, boolean ownsDir, TestDatabases.@Nullable PostgresSchema schema) {
    this.server = server;
    this.clock = clock;
    this.dir = dir;
    this.ownsDir = ownsDir;
    this.schema = schema;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A server with the defaults of {@link Builder}. */
  public static TestServer start() {
    return builder().start();
  }

  public SignetServer server() {
    return server;
  }

  public URI baseUrl() {
    return server.baseUrl();
  }

  /** The server's signing keys, to sign tokens as the server would. */
  public SigningKeys signingKeys() {
    return server.signingKeys();
  }

  /** The server's encryption keys ({@code use: enc}). */
  public dev.signet.server.keys.EncryptionKeys encryptionKeys() {
    return server.encryptionKeys();
  }

  public int port() {
    return server.port();
  }

  /** The audience of standard request tokens. */
  public String issuer() {
    return server.issuer().toString();
  }

  /** The temporary directory holding the data directory and the key files. */
  public Path dir() {
    return dir;
  }

  /** A client without credentials; the tokens of its {@code as…} clients, when bound, name the issuer. */
  public ApiClient anonymous() {
    return ApiClient.at(baseUrl()).bindingTo(server.issuer());
  }

  /** A client of the management listener; the server must have been built {@link Builder#withManagement()}. */
  public ApiClient management() {
    return ApiClient.at(server.managementUrl().orElseThrow(() -> new IllegalStateException("no management listener: withManagement()")));
  }

  /**
   * A client signing compatible-profile request tokens as {@code admin}, bound to each request
   * (admin routes take only tokens scoped to this server).
   */
  public ApiClient admin() {
    return as("admin", ADMIN_KEY).bound();
  }

  /** A client signing compatible-profile request tokens as {@code principal} with {@code key}, by the server's clock. */
  public ApiClient as(String principal, SigningKey key) {
    return anonymous().as(principal, key, clock);
  }

  /**
   * Creates {@code name} with {@code roles} and registers {@code key} for it, through the admin
   * API; returns a client signing as it.
   */
  public ApiClient createPrincipal(String name, SigningKey key, String... roles) {
    ApiClient admin = admin();
    ApiClient.Response created = admin.post("/admin/principals", ApiClient.json("name", name, "roles", List.of(roles)));
    if (created.status() != 201) {
      throw new IllegalStateException("cannot create principal " + name + ": " + created);
    }
    ApiClient.Response added = admin.post("/admin/principals/" + name + "/keys", ApiClient.json("public_key", key.publicKey().toPem()));
    if (added.status() != 201) {
      throw new IllegalStateException("cannot add a key to " + name + ": " + added);
    }
    return as(name, key);
  }

  /** Writes the refused requests counted so far (the server does so every minute) and waits for the audit writer. */
  public void flushAudit() {
    server.flushAudit();
  }

  /** Stops the server (gracefully), drops its PostgreSQL schema and deletes its directory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.close();
    } finally {
      if (schema != null) {
        schema.close();
      }
      if (ownsDir) {
        deleteRecursively(dir);
      }
    }
  }

  /** A master key in its text form, derived from {@code seed}: 32 bytes in base64. */
  public static String masterKey(String seed) {
    try {
      return java.util.Base64.getEncoder().encodeToString(
          java.security.MessageDigest.getInstance("SHA-256").digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for a {@link TestServer}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> flags = new LinkedHashMap<>();
    private Backend backend = Backend.H2;
    private @Nullable String jdbcUrl;
    private @Nullable SigningKey adminKey = ADMIN_KEY;
    private Clock clock = Clock.systemUTC();
    private @Nullable Path dir;

    private Builder() {}

    /** A flag, as {@code signet server --name value} would give it. */
    public Builder setting(String name, String value) {
      flags.put(name, value);
      return this;
    }

    /** H2 (default) in the data directory, or a fresh PostgreSQL schema. */
    public Builder backend(Backend newBackend) {
      this.backend = Objects.requireNonNull(newBackend, "backend");
      return this;
    }

    /** With the management listener, on a free loopback port. */
    public Builder withManagement() {
      return setting("management-port", "0");
    }

    /** A database another server uses too (several instances on one database). */
    public Builder sharedDatabase(String url) {
      this.jdbcUrl = url;
      return this;
    }

    /** No {@code --admin-key}: the start issues an admin enrollment code instead. */
    public Builder withoutAdminKey() {
      this.adminKey = null;
      return this;
    }

    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /** A directory the caller owns (and deletes), for a restart on the same data. */
    public Builder dir(Path newDir) {
      this.dir = newDir;
      return this;
    }

    public TestServer start() {
      boolean ownsDir = dir == null;
      Path root = ownsDir ? createTempDir() : dir;
      TestDatabases.PostgresSchema schema = null;
      try {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("host", "127.0.0.1");
        all.put("port", "0");
        all.put("data-dir", root.resolve("data").toString());
        all.put("signing-alg", "ES256"); // an EC key is made in a millisecond, an RSA one in up to seconds here; keys tests cover RSA
        if (jdbcUrl != null) {
          all.put("db", jdbcUrl);
          all.put("master-key", MASTER_KEY);
        } else if (backend == Backend.POSTGRES) {
          schema = TestDatabases.postgres();
          all.put("db", schema.jdbcUrl());
          all.put("master-key", MASTER_KEY);
        }
        if (adminKey != null) {
          Path keyFile = root.resolve("admin.pub.pem");
          Files.writeString(keyFile, adminKey.publicKey().toPem());
          all.put("admin-key", keyFile.toString());
        }
        if (all.containsKey("db") && !flags.containsKey("redis")) {
          all.put("single-instance", "true"); // one instance per test unless it gives Redis
        }
        all.putAll(flags);
        ServerConfig config = ServerConfig.from(Settings.from(all, Map.of()));
        return new TestServer(SignetServer.start(config, clock), clock, root, ownsDir, schema);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        if (schema != null) {
          schema.close();
        }
        if (ownsDir) {
          deleteRecursively(root);
        }
        throw e;
      }
    }

    private static Path createTempDir() {
      try {
        return Files.createTempDirectory("signet-server-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
