package dev.signet.internal;

import java.security.PublicKey;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * PEM text (RFC 7468) with the JDK alone, for the common cases that need no BouncyCastle: writing
 * one block, and reading the body of a text that is one block and nothing more.
 */
public final class PemText {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private PemText() {}

  /** {@code BEGIN PUBLIC KEY} (SPKI), the same text as BouncyCastle's {@code JcaPEMWriter} writes. */
  public static String publicKey(PublicKey key) {
    return armour("PUBLIC KEY", key.getEncoded());
  }

  /** One block: base64 in lines of 64 characters, each ended by the platform's line separator (as BouncyCastle's {@code PemWriter}). */
  static String armour(String label, byte[] der) {
    String newline = System.lineSeparator();
    String base64 = Base64.getEncoder().encodeToString(der);
    StringBuilder pem = new StringBuilder(base64.length() + base64.length() / 64 * newline.length() + 2 * label.length() + 40);
    pem.append(BEGIN).append(label).append(DASHES).append(newline);
    for (int i = 0; i < base64.length(); i += 64) {
      pem.append(base64, i, Math.min(base64.length(), i + 64)).append(newline);
    }
    return pem.append(END).append(label).append(DASHES).append(newline).toString();
  }

  /**
   * The DER of the only block of {@code text} when that block is {@code label}, has no RFC 1421
   * headers and is canonical base64 (padding where it belongs, no stray bits); else {@code null}.
   * The caller has checked the armour ({@link PemArmour}), so the body holds base64 characters,
   * blanks and line breaks only. Text around the block is ignored, as by every PEM reader.
   */
  static byte @Nullable [] onlyBlock(String text, String label) {
    String beginLine = BEGIN + label + DASHES;
    int begin = text.indexOf(beginLine);
    int end = text.indexOf(END + label + DASHES);
    if (begin < 0 || end < begin || text.indexOf(BEGIN) != begin || text.indexOf(BEGIN, begin + 1) >= 0
        || text.indexOf(END) != end || text.indexOf(END, end + 1) >= 0) {
      return null;
    }
    StringBuilder base64 = new StringBuilder(end - begin);
    for (int i = begin + beginLine.length(); i < end; i++) {
      char c = text.charAt(i);
      if (c == ':') {
        return null; // a header: not a plain block
      }
      if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
        base64.append(c);
      }
    }
    String encoded = base64.toString();
    try {
      byte[] der = Base64.getDecoder().decode(encoded);
      return Base64.getEncoder().encodeToString(der).equals(encoded) ? der : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
