package dev.signet.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A TCP forwarder on a loopback port to a loopback target, for outage tests: {@link #cut()} drops
 * every connection and refuses new ones (the target looks down to whoever goes through the proxy,
 * and nobody else is disturbed); {@link #restore()} accepts again on the same port.
 */
public final class TcpProxy implements AutoCloseable {
  /** The address the proxy listens on. */
  public static final String HOST = "127.0.0.1";

  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile @Nullable ServerSocket listener;

  private TcpProxy(int port, String targetHost, int targetPort) {
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  /** A proxy on a free loopback port to {@code targetHost:targetPort}, accepting. */
  public static TcpProxy to(String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(FreePort.pick(), targetHost, targetPort);
    proxy.restore();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Accepts connections again (on the same port). */
  public synchronized void restore() {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      listener = server;
      Thread.ofVirtual().name("tcp-proxy-accept").start(() -> accept(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the listening socket and every connection through it. */
  public synchronized void cut() {
    ServerSocket server = listener;
    listener = null;
    closeQuietly(server);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed by cut()
      }
      Socket target;
      try {
        target = new Socket(targetHost, targetPort);
      } catch (IOException e) {
        closeQuietly(client); // the target is down: so is this connection, and the proxy goes on accepting
        continue;
      }
      synchronized (this) {
        if (listener != server) { // cut() ran since this connection was accepted
          closeQuietly(client);
          closeQuietly(target);
          return;
        }
        sockets.add(client);
        sockets.add(target);
      }
      pump(client, target);
      pump(target, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side went away: close both
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    });
  }

  private static void closeQuietly(@Nullable AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
  }
}
