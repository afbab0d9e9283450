package io.vox.master.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the pages write times, durations, latencies and sizes: {@code #{fmt.ms(r.p99Ms)}}. */
@Named("fmt")
@ApplicationScoped
public class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** An epoch-ms instant in UTC, or a dash for 0. */
  public String time(long epochMs) {
    return epochMs <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMs)) + " UTC";
  }

  /** How long ago an epoch-ms instant was, in seconds. */
  public String ago(long epochMs) {
    return epochMs <= 0
        ? "-"
        : String.format(Locale.ROOT, "%.1f s ago", (System.currentTimeMillis() - epochMs) / 1e3);
  }

  /** A latency in ms with two decimals under 10 ms, one above; a dash when there is none. */
  public String ms(Double v) {
    if (v == null) {
      return "-";
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
  }

  /** The mean of {@code bytes} over {@code count} in KiB (one decimal); a dash for none. */
  public String kb(Long bytes, Long count) {
    return bytes == null || count == null || count == 0
        ? "-"
        : String.format(Locale.ROOT, "%.1f", bytes / 1024.0 / count);
  }

  /** A latency in µs as ms. */
  public String us(long micros) {
    return ms(micros / 1e3);
  }

  /** Bytes as MiB. */
  public String mib(long bytes) {
    return bytes <= 0 ? "-" : Long.toString(bytes >> 20) + " MiB";
  }

  /** A share from 0 to 1 as a percentage; a dash when unknown (negative). */
  public String percent(double share) {
    return share < 0 ? "-" : String.format(Locale.ROOT, "%.0f %%", share * 100);
  }

  /**
   * A share from 0 to 1 as a percentage with two decimals (error shares are small); a dash for
   * none.
   */
  public String share(Object share) {
    return share instanceof Number n
        ? String.format(Locale.ROOT, "%.2f %%", n.doubleValue() * 100)
        : "-";
  }

  /** A percentage (0 to 100) with two decimals, or a dash when it is not a number. */
  public String percentOf(Object percent) {
    return percent instanceof Number n
        ? String.format(Locale.ROOT, "%.2f %%", n.doubleValue())
        : "-";
  }

  /** A latency in ms, or a dash when it is not a number. */
  public String anyMs(Object v) {
    return v instanceof Number n ? ms(n.doubleValue()) : "-";
  }

  /** The time between two epoch-ms instants (to now while {@code endMs} is 0), in seconds. */
  public String took(long startMs, long endMs) {
    if (startMs <= 0) {
      return "-";
    }
    long end = endMs > 0 ? endMs : System.currentTimeMillis();
    return String.format(Locale.ROOT, "%.1f s", (end - startMs) / 1e3);
  }

  /** yes, no, or a dash without thresholds or before the run completed. */
  public String passed(Boolean passed) {
    return passed == null ? "-" : passed ? "passed" : "failed";
  }
}
