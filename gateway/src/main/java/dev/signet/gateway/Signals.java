package dev.signet.gateway;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SIGHUP} → reload. The JDK offers signals only through {@code sun.misc.Signal}
 * (jdk.unsupported), reached by reflection here so that compiling needs no internal API; where it
 * is missing (or the signal is taken) the file watch still reloads.
 */
final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Whether the handler is installed. */
  static boolean onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, (p, method, args) -> {
        if (method.getName().equals("handle")) {
          Thread.ofVirtual().name("gateway-sighup").start(action);
        }
        return method.getDeclaringClass() == Object.class && method.getName().equals("hashCode") ? System.identityHashCode(p) : null;
      });
      signal.getMethod("handle", signal, handler).invoke(null, signal.getConstructor(String.class).newInstance("HUP"), proxy);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      log.warn("SIGHUP will not reload the configuration ({}); file changes still do", e.toString());
      return false;
    }
  }
}
