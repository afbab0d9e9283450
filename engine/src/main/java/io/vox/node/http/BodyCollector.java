package io.vox.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A response body as it arrives: counted always, kept only when a check or an extraction needs it,
 * and then at most {@code max} bytes (before and after decoding). A body over the limit is an
 * error, never a silent truncation. Runs on one event loop.
 */
final class BodyCollector {
  /** What the client accepts unless the plan says otherwise. */
  static final String ACCEPT_ENCODING =
      BrotliDecoding.AVAILABLE ? "gzip, deflate, br" : "gzip, deflate";

  private final int limit;
  private boolean keep;
  private boolean previewOnly;
  private int max;
  private ByteBuf body;
  private long bytes;
  private boolean over;
  private Inflater inflater;

  /**
   * @param needed a check or an extraction reads the body
   * @param preview the body is shown ({@code vox try}), needed or not
   */
  BodyCollector(boolean needed, boolean preview, int max) {
    this.limit = max;
    reset(needed, preview);
  }

  /**
   * Ready for the next response on the same connection (one object a connection, not a request).
   */
  BodyCollector reset(boolean needed, boolean preview) {
    release();
    keep = needed || preview;
    previewOnly = preview && !needed;
    max = previewOnly ? Math.min(limit, PREVIEW) : limit;
    bytes = 0;
    over = false;
    return this;
  }

  private static final int PREVIEW = 1 << 20;

  /** Takes {@code content} (not retained; the caller releases it). */
  void add(ByteBufAllocator alloc, ByteBuf content) {
    int n = content.readableBytes();
    bytes += n;
    if (!keep || n == 0 || over) {
      return;
    }
    if (bytes > max) {
      over = true;
      release();
      return;
    }
    if (body == null) {
      body = alloc.buffer(n);
    }
    body.writeBytes(content, content.readerIndex(), n);
  }

  /** Bytes of body received (as sent, before decoding). */
  long bytes() {
    return bytes;
  }

  /**
   * The body as text decoded per {@code contentEncoding}, or null when it is not kept.
   *
   * @throws BodyException when it is over the limit or cannot be decoded
   */
  String text(String contentEncoding) throws BodyException {
    if (!keep) {
      return null;
    }
    if (over && previewOnly) {
      return null;
    }
    if (over) {
      throw new BodyException(
          "response body over maxBodyBytes " + max + " (a check or extraction needs it)");
    }
    if (body == null) {
      return "";
    }
    String encoding =
        contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return body.toString(StandardCharsets.UTF_8);
    }
    try (InputStream in = decoder(encoding, new ByteBufInputStream(body.duplicate()))) {
      byte[] out = in.readNBytes(max + 1);
      if (out.length > max && previewOnly) {
        return null;
      }
      if (out.length > max) {
        throw new BodyException(
            "decoded response body over maxBodyBytes " + max + " (" + encoding + ")");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BodyException("cannot decode the " + encoding + " body: " + e.getMessage());
    } finally {
      if (inflater != null) {
        inflater.end(); // its native memory, now rather than at a GC
        inflater = null;
      }
    }
  }

  private InputStream decoder(String encoding, InputStream in) throws IOException, BodyException {
    switch (encoding) {
      case "gzip", "x-gzip":
        return new GZIPInputStream(in);
      case "deflate":
        // RFC 9110's deflate is zlib-wrapped; some servers send it raw
        boolean zlib = body.readableBytes() >= 2 && (body.getByte(body.readerIndex()) & 0x0f) == 8;
        inflater = new Inflater(!zlib);
        return new InflaterInputStream(in, inflater);
      case "br":
        if (BrotliDecoding.AVAILABLE) {
          return BrotliDecoding.stream(in);
        }
        throw new BodyException("cannot decode a br body here");
      default:
        throw new BodyException("unknown Content-Encoding " + encoding);
    }
  }

  void release() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  /** The body cannot be given to the checks. */
  static final class BodyException extends Exception {
    BodyException(String message) {
      super(message, null, false, false);
    }
  }
}
