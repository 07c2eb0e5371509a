package dev.signet.gateway;

import dev.signet.SigningKey;
import dev.signet.gateway.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty's TLS context from a PEM certificate chain and a PEM private key, as the server builds it (its {@code http.Tls}). */
final class Tls {
  private Tls() {}

  static SslContextFactory.Server contextFactory(Path certFile, Path keyFile) {
    try {
      Certificate[] chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile))).toArray(Certificate[]::new);
      if (chain.length == 0) {
        throw new ConfigException("tls.cert " + certFile + " holds no PEM certificate");
      }
      SigningKey key = SigningKey.parse(Files.readString(keyFile));
      if (!chain[0].getPublicKey().equals(key.publicKey().key())) {
        throw new ConfigException("tls.key " + keyFile + " is not the key of the first certificate in tls.cert " + certFile);
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      char[] password = Base64.getEncoder().encodeToString(random).toCharArray();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("signet", key.privateKey(), password, chain);
      SslContextFactory.Server factory = new SslContextFactory.Server();
      factory.setKeyStore(store);
      factory.setKeyStorePassword(new String(password));
      factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      factory.setSniRequired(false);
      return factory;
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException("cannot use tls.cert " + certFile + " / tls.key " + keyFile + ": " + e.getMessage(), e);
    }
  }
}
