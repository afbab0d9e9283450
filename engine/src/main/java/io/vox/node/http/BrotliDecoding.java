package io.vox.node.http;

import java.io.IOException;
import java.io.InputStream;

/** Brotli through Google's Java decoder (org.brotli:dec), when it is on the class path. */
final class BrotliDecoding {
  static final boolean AVAILABLE = available();

  private BrotliDecoding() {}

  private static boolean available() {
    try {
      Class.forName("org.brotli.dec.BrotliInputStream");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static InputStream stream(InputStream in) throws IOException {
    return new org.brotli.dec.BrotliInputStream(in);
  }
}
