package dev.signet.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A bound listening socket, taken before anything else at start-up, so that a port in use is
 * reported at once, in one line naming the port and its flag, before the database is touched.
 * Jetty's connector then accepts on it ({@code ServerConnector.open(ServerSocketChannel)}).
 */
public final class Listener implements AutoCloseable {
  private final ServerSocketChannel channel;
  private final String host;
  private final int port;

  private Listener(ServerSocketChannel channel, String host, int port) {
    this.channel = channel;
    this.host = host;
    this.port = port;
  }

  /**
   * Binds {@code host:port} ({@code 0} picks a free port).
   *
   * @param flag the flag that sets the port, for the message ({@code --port})
   * @throws ListenerException if the port is taken or the address cannot be bound
   */
  public static Listener bind(String host, int port, String flag) {
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open();
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true); // as Jetty does: a restart need not wait out TIME_WAIT
      channel.bind(new InetSocketAddress(host, port));
      return new Listener(channel, host, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    } catch (IOException e) {
      closeQuietly(channel);
      String message = e.getMessage();
      if (e instanceof BindException && message != null && message.contains("in use")) {
        throw new ListenerException("port " + port + " on " + host + " is already in use (" + flag
            + "): stop what listens there, or choose another port (0 picks a free one)", e);
      }
      throw new ListenerException("cannot listen on " + host + ":" + port + " (" + flag + "): " + message, e);
    }
  }

  /** {@code connector}, made to accept on this socket (not started yet). */
  ServerConnector attach(ServerConnector connector) {
    connector.setHost(host);
    connector.setPort(port);
    try {
      connector.open(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return connector;
  }

  public String host() {
    return host;
  }

  /** The port bound: the one asked for, or the free one picked for 0. */
  public int port() {
    return port;
  }

  /** Closes the socket: for a start that failed before a server took it over (stopping the server closes it otherwise). */
  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(@Nullable ServerSocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing listens there any more either way
      }
    }
  }
}
