package io.vox.node.scenario;

import io.vox.messaging.scenario.Part;
import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request's body other than plain text, compiled once: form fields (values rendered, then
 * URL-encoded), multipart/form-data parts (text values rendered, files as their bytes), or raw
 * bytes. Null from {@link #of} when the request has none of these.
 */
abstract class RequestBody {
  /** The Content-Type that goes with this body. */
  abstract String contentType();

  /** The body as text, or null when it is bytes. */
  String text(Session session) {
    return null;
  }

  /** The body as bytes, or null when it is text. */
  byte[] bytes(Session session) {
    return null;
  }

  static RequestBody of(Request r, Vocabulary vocabulary) {
    if (r.form() != null) {
      return new Form(r.form().keySet().stream().toList(), r, vocabulary);
    }
    if (r.multipart() != null) {
      return new Multipart(r.multipart(), vocabulary);
    }
    if (r.bodyBase64() != null) {
      return new Raw(Base64.getDecoder().decode(r.bodyBase64()));
    }
    return null;
  }

  private static final class Form extends RequestBody {
    private final String[] names;
    private final Template[] values;

    Form(List<String> fields, Request r, Vocabulary vocabulary) {
      this.names = fields.stream().map(RequestBody::encode).toArray(String[]::new);
      this.values =
          fields.stream()
              .map(f -> Template.compile(r.form().get(f), vocabulary))
              .toArray(Template[]::new);
    }

    @Override
    String contentType() {
      return "application/x-www-form-urlencoded";
    }

    @Override
    String text(Session session) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < names.length; i++) {
        if (i > 0) {
          out.append('&');
        }
        out.append(names[i]).append('=').append(encode(values[i].render(session)));
      }
      return out.toString();
    }
  }

  private static final class Multipart extends RequestBody {
    private final String boundary;
    private final byte[][] heads;
    private final Template[] values;
    private final byte[][] files;

    Multipart(List<Part> parts, Vocabulary vocabulary) {
      this.files = new byte[parts.size()][];
      for (int i = 0; i < files.length; i++) {
        Part p = parts.get(i);
        files[i] = p.base64() == null ? null : Base64.getDecoder().decode(p.base64());
      }
      this.boundary = boundary(files);
      this.heads = new byte[parts.size()][];
      this.values = new Template[parts.size()];
      for (int i = 0; i < heads.length; i++) {
        Part p = parts.get(i);
        StringBuilder h = new StringBuilder();
        h.append("--").append(boundary).append("\r\n");
        h.append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
        if (p.filename() != null) {
          h.append("; filename=\"").append(p.filename()).append('"');
        }
        h.append("\r\n");
        if (p.contentType() != null) {
          h.append("Content-Type: ").append(p.contentType()).append("\r\n");
        } else if (p.base64() != null) {
          h.append("Content-Type: application/octet-stream\r\n");
        }
        h.append("\r\n");
        heads[i] = h.toString().getBytes(StandardCharsets.UTF_8);
        values[i] = p.value() == null ? null : Template.compile(p.value(), vocabulary);
      }
    }

    /** A boundary none of the files holds (text values are checked as they are rendered). */
    private static String boundary(byte[][] files) {
      while (true) {
        String b = "vox-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | 1L << 62);
        byte[] needle = b.getBytes(StandardCharsets.US_ASCII);
        boolean clash = false;
        for (byte[] f : files) {
          clash |= f != null && indexOf(f, needle) >= 0;
        }
        if (!clash) {
          return b;
        }
      }
    }

    @Override
    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    @Override
    byte[] bytes(Session session) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      for (int i = 0; i < heads.length; i++) {
        out.writeBytes(heads[i]);
        out.writeBytes(
            files[i] != null
                ? files[i]
                : values[i].render(session).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(CRLF);
      }
      out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      return out.toByteArray();
    }
  }

  private static final class Raw extends RequestBody {
    private final byte[] bytes;

    Raw(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    String contentType() {
      return "application/octet-stream";
    }

    @Override
    byte[] bytes(Session session) {
      return bytes;
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
