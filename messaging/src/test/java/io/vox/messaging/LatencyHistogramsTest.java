package io.vox.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyHistogramsTest {
  @Test
  void aNodesHistogramDecodes() {
    Histogram h = new Histogram(3);
    h.recordValue(1_500);
    h.recordValue(3_600_000_000L); // an hour, in µs
    Histogram back = LatencyHistograms.decode(LatencyHistograms.encode(h));
    assertEquals(2, back.getTotalCount());
    assertEquals(h.getMaxValue(), back.getMaxValue());
  }

  @Test
  void oneSizedBeyondTheNodesIsRefusedBeforeItsArrayIsMade() {
    Histogram wide = new Histogram(1, 10_000_000_000_000L, 4);
    wide.recordValue(7);
    var e =
        assertThrows(
            InvalidMessageException.class,
            () -> LatencyHistograms.decode(LatencyHistograms.encode(wide)));
    assertTrue(
        e.getMessage().startsWith("HdrHistogram sized beyond the nodes' (4"), e.getMessage());
  }

  @Test
  void aPayloadThatBreaksTheDecoderIsRefusedAsInvalid() throws Exception {
    // a valid V2 header, then a run of zeros longer than the counts array
    Histogram h = new Histogram(3);
    h.recordValue(7);
    java.nio.ByteBuffer inner = java.nio.ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
    h.encodeIntoByteBuffer(inner);
    int payload = inner.getInt(4);
    java.nio.ByteBuffer bad = java.nio.ByteBuffer.allocate(40 + 10);
    bad.put(inner.array(), 0, 40);
    bad.putInt(4, 6);
    // ZigZag LEB128 of -10^9: a run of a billion zeros
    byte[] zeros = {(byte) 0xff, (byte) 0xa7, (byte) 0xd6, (byte) 0xb9, 0x07, 2};
    bad.position(40);
    bad.put(zeros);
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(bad.array(), 0, 46);
    deflater.finish();
    byte[] deflated = new byte[200];
    int n = deflater.deflate(deflated);
    java.nio.ByteBuffer compressed = java.nio.ByteBuffer.allocate(8 + n);
    compressed.putInt(0x1c849314).putInt(n).put(deflated, 0, n);
    String hdr = java.util.Base64.getEncoder().encodeToString(compressed.array());
    assertTrue(payload > 0);
    var e = assertThrows(InvalidMessageException.class, () -> LatencyHistograms.decode(hdr));
    assertTrue(e.getMessage().contains("IndexOutOfBounds"), e.getMessage());
  }

  @Test
  void anOlderEncodingIsRefused() {
    java.nio.ByteBuffer v0 = java.nio.ByteBuffer.allocate(16);
    v0.putInt(0x1c849308).putInt(8).putLong(0); // V0's compressed cookie base
    var e =
        assertThrows(
            InvalidMessageException.class,
            () ->
                LatencyHistograms.decode(java.util.Base64.getEncoder().encodeToString(v0.array())));
    assertTrue(e.getMessage().contains("V2"), e.getMessage());
  }

  @Test
  void garbageIsRefused() {
    assertThrows(InvalidMessageException.class, () -> LatencyHistograms.decode("AAAA"));
    assertThrows(InvalidMessageException.class, () -> LatencyHistograms.decode("not base64!"));
    assertThrows(
        InvalidMessageException.class,
        () -> LatencyHistograms.decode("HISCAAAAAAA=")); // a cookie, then a length cut short
  }

  @Test
  void theCorrectedHistogramCountsTheWaitsBeforeEveryRequestAndThePlainOneNone() {
    // written 100 ms after the command, 30 ms of requests, 500 ms queued before the later ones
    UserResult r = new UserResult(1, 2, 1_000_000, 1_100_000, 30_000, 200, null, 0, 0, 500_000);
    assertEquals(630_000, r.correctedLatencyUs());
    LatencyHistogram h = LatencyHistograms.of(java.util.List.of(r)).get(0);
    assertEquals(30_000, LatencyHistograms.decode(h.hdr()).getMaxValue(), 30);
    assertEquals(630_000, LatencyHistograms.decode(h.correctedHdr()).getMaxValue(), 630);
  }
}
