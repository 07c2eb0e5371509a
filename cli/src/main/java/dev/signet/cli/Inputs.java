package dev.signet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads what the user points at, bounded in size, and turns every problem into a usage error that
 * names the file: missing, a directory, unreadable, too large, or not text. Contents never appear
 * in messages.
 */
final class Inputs {
  static final int MAX_KEY_FILE = 1 << 20;
  static final int MAX_BODY = 16 << 20;
  /** Tokens read from stdin; larger ones are refused before decoding. Verifiers limit far lower. */
  static final int MAX_STDIN_TOKEN = 1 << 20;

  private Inputs() {}

  /** A UTF-8 text file of at most {@code max} bytes. {@code what} names it in messages ("key file"). */
  static String text(Path path, int max, String what) {
    byte[] bytes = bytes(path, max, what);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw CliError.usage(what + " " + path + " is not text");
    }
  }

  /** The bytes of a regular file of at most {@code max} bytes. */
  static byte[] bytes(Path path, int max, String what) {
    if (Files.isDirectory(path)) {
      throw CliError.usage(what + " " + path + " is a directory");
    }
    try (InputStream in = Files.newInputStream(path)) {
      byte[] bytes = in.readNBytes(max + 1); // bounded even for /dev/zero
      if (bytes.length > max) {
        throw CliError.usage(what + " " + path + " is larger than " + size(max));
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw CliError.usage(what + " " + path + " does not exist");
    } catch (AccessDeniedException e) {
      throw CliError.usage("cannot read " + what + " " + path + ": permission denied");
    } catch (IOException e) {
      throw CliError.usage("cannot read " + what + " " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * The token given as an argument, or read from stdin when the argument is {@code -}. Surrounding
   * whitespace and an {@code Authorization} scheme ({@code JWT }, {@code Bearer }) are removed.
   */
  static String token(String argument, InputStream stdin) {
    String token = argument;
    if (argument.equals("-")) {
      try {
        byte[] bytes = stdin.readNBytes(MAX_STDIN_TOKEN + 1);
        if (bytes.length > MAX_STDIN_TOKEN) {
          throw CliError.failure("the token on stdin is larger than " + size(MAX_STDIN_TOKEN));
        }
        token = new String(bytes, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliError.failure("cannot read the token from stdin: " + e.getMessage(), e);
      }
    }
    token = token.strip();
    for (String scheme : new String[] {"jwt ", "bearer "}) {
      if (token.toLowerCase(Locale.ROOT).startsWith(scheme)) {
        token = token.substring(scheme.length()).strip();
      }
    }
    if (token.isEmpty()) {
      throw CliError.usage(argument.equals("-") ? "no token on stdin" : "the token is empty");
    }
    return token;
  }

  private static String size(int bytes) {
    return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes + " bytes";
  }
}
