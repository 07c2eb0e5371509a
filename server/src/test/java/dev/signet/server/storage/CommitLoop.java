package dev.signet.server.storage;

import dev.signet.SigningKey;
import dev.signet.VerificationKey;
import dev.signet.server.audit.Actor;
import dev.signet.server.audit.AuditLog;
import dev.signet.server.registry.KeyRegistration;
import dev.signet.server.registry.KeyRegistry;
import dev.signet.server.registry.PrincipalSpec;
import java.time.Clock;

/**
 * The child process of {@link DatabaseKillTest}: creates principal {@code p<i>} with one key (four
 * rows with the audit entries) per transaction, forever, and prints {@code ack <i>} after each
 * commit returned, until it is killed.
 */
final class CommitLoop {
  private CommitLoop() {}

  public static void main(String[] args) {
    Database database = Database.open(args[0]);
    AuditLog audit = new AuditLog(database, Clock.systemUTC());
    KeyRegistry registry = new KeyRegistry(database, audit, Clock.systemUTC());
    Actor actor = Actor.of("admin", null);
    System.out.println("ready");
    for (int i = 0; ; i++) {
      String name = "p" + i;
      VerificationKey key = SigningKey.generateEd25519().publicKey();
      database.inTransaction(c -> {
        registry.createPrincipal(PrincipalSpec.named(name), actor);
        registry.addKey(name, KeyRegistration.of(key), actor);
        return null;
      });
      System.out.println("ack " + i);
      System.out.flush();
    }
  }
}
