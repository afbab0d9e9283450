package io.vox.messaging.json;

import io.vox.messaging.ReportBatch;

/**
 * A report batch to and from JSON in UTF-8 without JSON-B (which plain-Java users of the engine,
 * such as {@code vox try}, lack): the same form as on the broker.
 */
public final class ReportBatchJson {
  private ReportBatchJson() {}

  public static byte[] write(ReportBatch batch) {
    return ReportBatchWriter.writeBytes(batch);
  }

  /** Throws InvalidMessageException if {@code utf8} is no report batch. */
  public static ReportBatch read(byte[] utf8) {
    return ReportBatchReader.read(utf8);
  }
}
