package io.vox.messaging;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/** Latency histograms of results: built per action, encoded for the wire, decoded to merge. */
public final class LatencyHistograms {
  private LatencyHistograms() {}

  /**
   * Per action of the successful {@code results}: the histogram of their latencies and of their
   * corrected latencies (µs, 3 digits).
   */
  public static List<LatencyHistogram> of(List<UserResult> results) {
    return of(results, Map.of());
  }

  /**
   * Like {@link #of(List)}, plus {@code samples}: per action, histograms recorded apart: latency
   * and corrected latency (e.g. the iterations of a loop; loop rows are not recorded again), then
   * optionally one per request phase in the order of {@link LatencyHistogram#PHASES}, then
   * optionally one whose count is the action's HTTP requests ({@link
   * LatencyHistogram#httpRequests()}).
   */
  public static List<LatencyHistogram> of(
      List<UserResult> results, Map<Integer, Histogram[]> samples) {
    return of(results, samples, Map.of());
  }

  /**
   * What a node measured of itself while it performed an action: how late its event loops ran (µs),
   * how long the master's command took to reach it and its clock offset's error bound (µs, each -1
   * when unknown).
   */
  public record Acting(Histogram lag, long deliveryUs, long clockErrorUs) {}

  /** Like {@link #of(List, Map)}, plus {@code acting} per action. */
  public static List<LatencyHistogram> of(
      List<UserResult> results, Map<Integer, Histogram[]> samples, Map<Integer, Acting> acting) {
    Map<Integer, Histogram[]> perAction = new TreeMap<>();
    Map<Integer, Long> requests = new TreeMap<>();
    samples.forEach(
        (action, h) -> {
          if (h.length > COUNT && h[COUNT].getTotalCount() > 0) {
            slot(perAction, action);
            requests.merge(action, h[COUNT].getTotalCount(), Long::sum);
          }
          Histogram[] into = null;
          if (h[0].getTotalCount() > 0) {
            into = slot(perAction, action);
            into[0].add(h[0]);
            into[1].add(h[1]);
          }
          for (int p = 2; p < Math.min(h.length, COUNT); p++) {
            if (h[p].getTotalCount() > 0) {
              into = into == null ? slot(perAction, action) : into;
              into[PHASE + p - 2].add(h[p]);
            }
          }
        });
    acting.forEach((action, a) -> slot(perAction, action)[LAG].add(a.lag()));
    for (UserResult r : results) {
      if (r.ok() && r.loopIterations() == 0 && !r.noRequest()) {
        Histogram[] h = slot(perAction, r.action());
        h[0].recordValue(Math.max(1, r.latencyUs()));
        h[1].recordValue(Math.max(1, r.correctedLatencyUs()));
      }
      if (r.latencyUs() > 0 && r.intendedUs() > 0 && r.startUs() >= r.intendedUs()) {
        slot(perAction, r.action())[2].recordValue(Math.max(1, r.startUs() - r.intendedUs()));
      }
    }
    List<LatencyHistogram> out = new ArrayList<>(perAction.size());
    perAction.forEach(
        (action, h) ->
            out.add(
                new LatencyHistogram(
                    action,
                    encode(h[0]),
                    encode(h[1]),
                    orNull(h[2]),
                    orNull(h[PHASE]),
                    orNull(h[PHASE + 1]),
                    orNull(h[PHASE + 2]),
                    orNull(h[PHASE + 3]),
                    orNull(h[PHASE + 4]),
                    requests.getOrDefault(action, 0L),
                    orNull(h[LAG]),
                    acting.containsKey(action) ? acting.get(action).deliveryUs() : -1,
                    acting.containsKey(action) ? acting.get(action).clockErrorUs() : -1)));
    return out;
  }

  /** Where a sample's request count comes: after latency, corrected and the phases. */
  private static final int COUNT = 2 + LatencyHistogram.PHASES.size();

  /** Where the phase histograms start in a slot: after latency, corrected and dispatch. */
  private static final int PHASE = 3;

  /** Where the loops' lateness goes in a slot: after the phases. */
  private static final int LAG = PHASE + LatencyHistogram.PHASES.size();

  private static Histogram[] slot(Map<Integer, Histogram[]> perAction, int action) {
    return perAction.computeIfAbsent(
        action,
        a -> {
          Histogram[] h = new Histogram[LAG + 1];
          for (int i = 0; i < h.length; i++) {
            h[i] = new Histogram(3);
          }
          return h;
        });
  }

  private static String orNull(Histogram h) {
    return h.getTotalCount() > 0 ? encode(h) : null;
  }

  public static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int len = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), len));
  }

  /** Adds the encoded histogram {@code hdr} into {@code into}. */
  public static void addInto(Histogram into, String hdr) {
    into.add(decode(hdr));
  }

  /** The most significant digits a histogram may keep: the nodes record with 3. */
  static final int MAX_DIGITS = 3;

  /** The highest value (µs) a histogram may be sized for: a week. */
  static final long MAX_TRACKABLE_US = 7L * 24 * 3600 * 1_000_000;

  /**
   * Decodes {@code hdr}, a compressed HdrHistogram in base64, once its header shows it sized like
   * the nodes' (at most {@link #MAX_DIGITS} digits, values up to {@link #MAX_TRACKABLE_US}): a
   * histogram's header sets the size of the array its decoding allocates, up to 64 MB.
   *
   * @throws InvalidMessageException when it is not one, or sized beyond those bounds
   */
  public static Histogram decode(String hdr) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(hdr));
      checkHeader(buf.duplicate());
      return Histogram.decodeFromCompressedByteBuffer(buf, 0);
    } catch (InvalidMessageException e) {
      throw e;
    } catch (DataFormatException | RuntimeException e) {
      // the decoder meets a bad payload with whatever it throws (an index out of bounds too)
      throw new InvalidMessageException("not an encoded HdrHistogram: " + e, e);
    }
  }

  /**
   * The cookies of the encoding the nodes write (HdrHistogram's V2, compressed, of 64-bit counts):
   * older encodings place the header's fields elsewhere, so the bounds below would not hold.
   */
  private static final int COMPRESSED_COOKIE = 0x1c849314;

  private static final int COOKIE = 0x1c849313;

  /**
   * Reads the header of a compressed histogram: its cookie and length, then, deflated, the
   * uncompressed header (cookie, payload length, normalizing offset, significant digits, lowest and
   * highest trackable value).
   */
  private static void checkHeader(ByteBuffer buf) throws DataFormatException {
    if (buf.getInt() != COMPRESSED_COOKIE) {
      throw new InvalidMessageException("not a histogram in the nodes' encoding (HdrHistogram V2)");
    }
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new InvalidMessageException(
          "HdrHistogram of " + length + " compressed bytes cut short");
    }
    java.util.zip.Inflater inflater = new java.util.zip.Inflater();
    try {
      inflater.setInput(buf.array(), buf.arrayOffset() + buf.position(), length);
      byte[] header = new byte[32];
      int n = 0;
      while (n < header.length && !inflater.finished() && !inflater.needsInput()) {
        n += inflater.inflate(header, n, header.length - n);
      }
      if (n < header.length) {
        throw new InvalidMessageException("HdrHistogram header cut short");
      }
      ByteBuffer h = ByteBuffer.wrap(header);
      if (h.getInt() != COOKIE) {
        throw new InvalidMessageException(
            "not a histogram in the nodes' encoding (HdrHistogram V2)");
      }
      h.position(12);
      int digits = h.getInt();
      h.getLong(); // lowest trackable unit
      long highest = h.getLong();
      if (digits < 0 || digits > MAX_DIGITS || highest < 0 || highest > MAX_TRACKABLE_US) {
        throw new InvalidMessageException(
            "HdrHistogram sized beyond the nodes' ("
                + digits
                + " significant digits, values up to "
                + highest
                + " µs)");
      }
    } finally {
      inflater.end();
    }
  }
}
