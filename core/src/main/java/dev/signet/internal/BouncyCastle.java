package dev.signet.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * BouncyCastle's JCA provider, made on first use and never installed. Making it registers every
 * algorithm BouncyCastle has (hundreds of classes from a signed jar, about a second of a short
 * command's start), and only encrypted PEM keys need it: plain keys are parsed without it.
 */
final class BouncyCastle {
  private BouncyCastle() {}

  static Provider provider() {
    return Holder.PROVIDER;
  }

  private static final class Holder {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }
}
