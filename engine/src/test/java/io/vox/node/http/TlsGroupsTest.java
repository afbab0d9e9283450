package io.vox.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBufAllocator;
import io.vox.messaging.scenario.HttpOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;

/** The key exchanges a node's ClientHello offers ({@code tls.namedGroups}), read from its bytes. */
class TlsGroupsTest {
  private static final int X25519MLKEM768 = 0x11ec;
  private static final int X25519 = 0x001d;
  private static final int P256 = 0x0017;
  private static final int P384 = 0x0018;

  @Test
  void thePlansGroupsAreOfferedInTheirOrderWithAKeyShareForTheFirst() throws Exception {
    assumeTrue(Tls.provider().equals("openssl"), "groups apply to OpenSSL");
    Hello hello = hello(List.of("X25519", "P-256"));
    assertEquals(List.of(X25519, P256), hello.groups);
    assertEquals(List.of(X25519), hello.keyShares);

    assertEquals(List.of(P384), hello(List.of("P-384")).groups);
  }

  @Test
  void byDefaultTheHybridIsOfferedFirstAsBrowsersDo() throws Exception {
    assumeTrue(Tls.provider().equals("openssl"), "groups apply to OpenSSL");
    Hello hello = hello(List.of());
    assertEquals(X25519MLKEM768, hello.groups.get(0), "docs/PLANS.md says so");
    assertEquals(List.of(X25519MLKEM768, X25519), hello.keyShares);
  }

  private record Hello(List<Integer> groups, List<Integer> keyShares) {}

  /** The ClientHello of a node whose plan offers {@code groups}. */
  private static Hello hello(List<String> groups) throws Exception {
    Tls tls = new Tls(new HttpOptions.Tls(null, false, List.of(), groups, null, null, null, null));
    SSLEngine engine =
        tls.context(Tls.Alpn.H1).newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
    ByteBuffer out = ByteBuffer.allocate(1 << 16);
    engine.beginHandshake();
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    // record header (5), handshake header (4), version (2), random (32), then variable fields
    int p = 5 + 4 + 2 + 32;
    p += 1 + u8(out, p); // session id
    p += 2 + u16(out, p); // cipher suites
    p += 1 + u8(out, p); // compression methods
    int end = p + 2 + u16(out, p);
    p += 2;
    List<Integer> offered = new ArrayList<>();
    List<Integer> shares = new ArrayList<>();
    while (p < end) {
      int type = u16(out, p);
      int len = u16(out, p + 2);
      int body = p + 4;
      if (type == 10) { // supported_groups: a 2-byte length, then the groups
        for (int i = body + 2; i < body + 2 + u16(out, body); i += 2) {
          offered.add(u16(out, i));
        }
      } else if (type == 51) { // key_share: a 2-byte length, then (group, length, key) entries
        for (int i = body + 2; i < body + 2 + u16(out, body); i += 4 + u16(out, i + 2)) {
          shares.add(u16(out, i));
        }
      }
      p = body + len;
    }
    engine.closeOutbound();
    return new Hello(offered, shares);
  }

  private static int u8(ByteBuffer b, int at) {
    return b.get(at) & 0xff;
  }

  private static int u16(ByteBuffer b, int at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }
}
