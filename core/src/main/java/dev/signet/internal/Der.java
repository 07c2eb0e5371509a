package dev.signet.internal;

import java.util.Arrays;

/**
 * A cursor over strict DER (X.690 §10): one byte tags, definite lengths in their shortest form,
 * every element inside its parent. Only what {@link PlainPkcs8} needs to walk a PKCS#8 key; each
 * byte is looked at once. A violation is a {@link Mismatch}, which the caller takes to mean "not
 * the shape this reader knows", never as a verdict on the key.
 */
final class Der {
  /** Not the expected DER; no stack trace, no message that shows key bytes. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch() {
      super("not the expected DER", null, false, false);
    }
  }

  private final byte[] bytes;
  private int position;
  private final int end;

  private Der(byte[] bytes, int position, int end) {
    this.bytes = bytes;
    this.position = position;
    this.end = end;
  }

  /** The single element with {@code tag} that the whole of {@code bytes} must be; a cursor over its content. */
  static Der whole(byte[] bytes, int tag) throws Mismatch {
    Der outer = new Der(bytes, 0, bytes.length);
    Der content = outer.next(tag);
    outer.requireEnd();
    return content;
  }

  /** The algorithm identifier, tag and length included, of a PKCS#8 key the JDK encoded. */
  static byte[] algorithmOf(byte[] pkcs8) {
    try {
      Der info = whole(pkcs8, 0x30);
      info.next(0x02);
      return info.nextEncoded(0x30);
    } catch (Mismatch e) {
      throw new IllegalStateException("the JDK's PKCS#8 encoding is not DER", e);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  boolean atEnd() {
    return position == end;
  }

  void requireEnd() throws Mismatch {
    if (!atEnd()) {
      throw new Mismatch();
    }
  }

  /** Whether the next element, if any, has this tag. */
  boolean nextIs(int tag) {
    return position < end && (bytes[position] & 0xff) == tag;
  }

  /** The next element, which must have {@code tag}: a cursor over its content; this cursor moves past it. */
  Der next(int tag) throws Mismatch {
    Der content = header(tag);
    position = content.end;
    return content;
  }

  /** The whole next element, tag and length included, which must have {@code tag}. */
  byte[] nextEncoded(int tag) throws Mismatch {
    int start = position;
    Der content = next(tag);
    return Arrays.copyOfRange(bytes, start, content.end);
  }

  /** The content of the next element, which must have {@code tag} and be the last one here. */
  byte[] only(int tag) throws Mismatch {
    byte[] content = nextContent(tag);
    requireEnd();
    return content;
  }

  /** What is left of this content. */
  byte[] rest() {
    byte[] rest = Arrays.copyOfRange(bytes, position, end);
    position = end;
    return rest;
  }

  /** The content of the next element, which must have {@code tag}. */
  byte[] nextContent(int tag) throws Mismatch {
    Der content = next(tag);
    return Arrays.copyOfRange(bytes, content.position, content.end);
  }

  /** Reads a tag and a length: a cursor over the content they announce. */
  private Der header(int tag) throws Mismatch {
    if (end - position < 2 || (bytes[position] & 0xff) != tag) {
      throw new Mismatch();
    }
    int first = bytes[position + 1] & 0xff;
    int at = position + 2;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0 || count > 3 || end - at < count || bytes[at] == 0) {
        throw new Mismatch(); // indefinite, oversized or padded length
      }
      length = 0;
      for (int i = 0; i < count; i++) {
        length = (length << 8) | (bytes[at++] & 0xff);
      }
      if (length < 0x80) {
        throw new Mismatch(); // the short form was due
      }
    }
    if (length > end - at) {
      throw new Mismatch();
    }
    return new Der(bytes, at, at + length);
  }
}
