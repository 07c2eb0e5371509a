package dev.signet.internal;

import dev.signet.UnusableKeyException;
import java.util.Set;

/**
 * The armour of PEM text (RFC 7468), checked in one left-to-right pass over the lines before
 * BouncyCastle decodes anything: every {@code -----BEGIN label-----} line has its
 * {@code -----END label-----} with the same label and no BEGIN in between; inside a block there
 * are only RFC 1421 headers ({@code Proc-Type:}, {@code DEK-Info:}, before the body) and base64
 * lines; there are at most {@value #MAX_BLOCKS} blocks and at most one key among them (a
 * certificate chain or {@code EC PARAMETERS} may come with it). Text outside the blocks is allowed,
 * as RFC 7468 §5.2 allows explanatory text, and ignored.
 *
 * <p>The pass costs one look at each character; messages name the line and the label, never the
 * body. Lines end at LF, CR or CRLF, as they do for BouncyCastle's reader.
 */
final class PemArmour {
  static final int MAX_BLOCKS = 16;
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final Set<String> KEY_LABELS = Set.of(
      "PUBLIC KEY", "RSA PUBLIC KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
      "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY");

  private PemArmour() {}

  static boolean looksLikePem(String text) {
    return text.contains(BEGIN);
  }

  /** Whether the text has a private key block of any kind, encrypted or not, without decoding it. */
  static boolean holdsPrivateKey(String text) {
    return text.contains("PRIVATE KEY-----");
  }

  static void check(String text) {
    String open = null; // the label of the block the scan is in
    boolean inBody = false;
    int blocks = 0;
    int keys = 0;
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = lineEnd(text, start);
      lineNumber++;
      String line = trimBlanks(text.substring(start, end));
      start = end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length() && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
      if (line.startsWith(BEGIN)) {
        if (open != null) {
          throw new UnusableKeyException("PEM line " + lineNumber + " begins a block inside the " + shown(open) + " block");
        }
        open = label(line, BEGIN, lineNumber);
        inBody = false;
        if (++blocks > MAX_BLOCKS) {
          throw new UnusableKeyException("PEM text has more than " + MAX_BLOCKS + " blocks");
        }
        if (KEY_LABELS.contains(open) && ++keys > 1) {
          throw new UnusableKeyException("PEM text holds more than one key; give one");
        }
      } else if (line.startsWith(END)) {
        String label = label(line, END, lineNumber);
        if (open == null) {
          throw new UnusableKeyException("PEM line " + lineNumber + " ends a " + shown(label) + " block that never began");
        }
        if (!label.equals(open)) {
          throw new UnusableKeyException("PEM block " + shown(open) + " ends with END " + shown(label) + " (line " + lineNumber + ")");
        }
        open = null;
      } else if (open != null) {
        inBody = bodyLine(line, inBody, open, lineNumber);
      }
    }
    if (open != null) {
      throw new UnusableKeyException("the PEM " + shown(open) + " block has no END line");
    }
    if (blocks == 0) {
      throw new UnusableKeyException("no PEM block: no line starts with -----BEGIN");
    }
  }

  /** The index of the line break that ends the line starting at {@code start}, or the text's length. */
  private static int lineEnd(String text, int start) {
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return text.length();
  }

  /** The line without the spaces and tabs around it; nothing else counts as blank (String.strip would take U+2028 too). */
  private static String trimBlanks(String line) {
    int from = 0;
    int to = line.length();
    while (from < to && (line.charAt(from) == ' ' || line.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (line.charAt(to - 1) == ' ' || line.charAt(to - 1) == '\t')) {
      to--;
    }
    return line.substring(from, to);
  }

  /** The label of a BEGIN or END line: printable ASCII without '-', between the marker and five dashes. */
  private static String label(String line, String marker, int lineNumber) {
    if (!line.endsWith(DASHES) || line.length() < marker.length() + DASHES.length() + 1) {
      throw new UnusableKeyException("PEM line " + lineNumber + " is not a well-formed " + marker.substring(DASHES.length()).strip() + " line");
    }
    String label = line.substring(marker.length(), line.length() - DASHES.length());
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '-') {
        throw new UnusableKeyException("PEM line " + lineNumber + " has a label that is not printable ASCII without '-'");
      }
    }
    return label;
  }

  /** Checks one line inside a block; returns whether the base64 body has begun. */
  private static boolean bodyLine(String line, boolean inBody, String open, int lineNumber) {
    if (line.isEmpty()) {
      return inBody;
    }
    if (!inBody && line.indexOf(':') > 0) {
      return false; // an RFC 1421 header (legacy encrypted PEM)
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
      if (!base64) {
        throw new UnusableKeyException("PEM line " + lineNumber + " in the " + shown(open) + " block is not base64");
      }
    }
    return true;
  }

  private static String shown(String label) {
    return SafeText.escape(label, 40);
  }
}
