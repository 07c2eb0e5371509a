package dev.signet.gateway;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;

/**
 * The Redis connection of a gateway's rate limits, shared with its peers: Bucket4j's buckets go
 * through it (DPoP proof {@code jti}s go through signet-redis' {@code RedisReplayStore}). Commands time out after 1 s; Lettuce
 * reconnects in the background, and while Redis is down requests that need it get 503.
 */
final class SharedRedis implements AutoCloseable {
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final String description;

  SharedRedis(String url) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(COMMAND_TIMEOUT);
    this.description = (uri.isSsl() ? "rediss://" : "redis://") + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    this.client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
        .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).keepAlive(true).build()).build());
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
  }

  StatefulRedisConnection<String, byte[]> connection() {
    return connection;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  @Override
  public String toString() {
    return "Redis[" + description + "]";
  }
}
