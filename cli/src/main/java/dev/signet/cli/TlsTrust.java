package dev.signet.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Which TLS server certificates the HTTP commands accept. */
final class TlsTrust {
  private TlsTrust() {}

  static SSLContext jdkDefault() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw CliError.failure("this JDK has no default TLS context: " + e.getMessage(), e);
    }
  }

  /** Trusts exactly the certificates in a PEM file; host names are still checked. */
  static SSLContext certificatesIn(Path file) {
    byte[] pem = Inputs.bytes(file, Inputs.MAX_KEY_FILE, "--cacert file");
    Collection<? extends Certificate> certificates;
    try {
      certificates = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw CliError.usage("--cacert file " + file + " is not a PEM certificate: " + e.getMessage(), e);
    }
    Usage.check(!certificates.isEmpty(), "--cacert file " + file + " holds no certificate");
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return context(factory.getTrustManagers());
    } catch (GeneralSecurityException | IOException e) {
      throw CliError.failure("cannot use the certificates in " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code --insecure}: every certificate, for every host name. */
  static SSLContext anyCertificate() {
    return context(new TrustManager[] {new AnyCertificate()});
  }

  private static SSLContext context(TrustManager[] trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw CliError.failure("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** Checks nothing: host name verification lives in the trust manager, so this skips it too. */
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
