package io.vox.node.user;

import io.vox.messaging.ReportBatch;
import io.vox.messaging.json.ReportBatchJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Report batches the broker has not taken yet, in order. At most {@code maxResultsInMemory} of
 * their results stay on the heap; past that, batches go to files in {@code spillDir} and are read
 * back when their turn comes, so a broker outage during a big action costs disk, not an
 * OutOfMemoryError that would lose every user of the node. Not thread-safe: the batcher's lock
 * guards it.
 */
final class UnsentBatches {
  private static final Logger LOG = Logger.getLogger(UnsentBatches.class.getName());

  /** A batch on the heap, or in a file (then {@code batch} is null until it is read back). */
  private record Entry(ReportBatch batch, Path file, int results) {}

  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final Path spillDir;
  private final long maxResultsInMemory;
  private long resultsInMemory;
  private long spilledEver;
  private long sequence;
  private ReportBatch readBack; // the head, read from its file, kept while the broker refuses it

  /** Without a {@code spillDir} (null), every batch stays on the heap. */
  UnsentBatches(Path spillDir, long maxResultsInMemory) {
    this.spillDir = spillDir;
    this.maxResultsInMemory = maxResultsInMemory;
  }

  /**
   * Deletes the batches a previous process of this node left in {@code spillDir}: their users were
   * that process's, which the master declared lost when this one started.
   */
  static int clear(Path spillDir) {
    if (spillDir == null || !Files.isDirectory(spillDir)) {
      return 0;
    }
    int deleted = 0;
    try (var files = Files.list(spillDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().endsWith(SUFFIX) && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the report spill folder " + spillDir, e);
    }
    return deleted;
  }

  private static final String SUFFIX = ".batch.json";

  void add(ReportBatch b) {
    int n = b.results().size();
    if (spillDir != null && resultsInMemory + n > maxResultsInMemory && n > 0) {
      try {
        Files.createDirectories(spillDir);
        Path file = spillDir.resolve(String.format("%012d", sequence++) + SUFFIX);
        Files.write(file, ReportBatchJson.write(b));
        queue.add(new Entry(null, file, n));
        spilledEver++;
        return;
      } catch (IOException | RuntimeException e) {
        // a full disk: keep it on the heap rather than lose it
        LOG.log(Level.WARNING, "batch=" + b.batchId() + " could not be spilled to " + spillDir, e);
      }
    }
    queue.add(new Entry(b, null, n));
    resultsInMemory += n;
  }

  /** The oldest batch, or null. */
  ReportBatch peek() {
    Entry e = queue.peek();
    if (e == null) {
      return null;
    }
    if (e.batch() != null) {
      return e.batch();
    }
    if (readBack == null) {
      try {
        readBack = ReportBatchJson.read(Files.readAllBytes(e.file()));
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot read back the spilled batch " + e.file(), ex);
      } catch (RuntimeException ex) { // the file was damaged
        throw new UncheckedIOException(
            "cannot read back the spilled batch " + e.file(), new IOException(ex));
      }
    }
    return readBack;
  }

  /** Drops the oldest batch (the broker took it). */
  void poll() {
    Entry e = queue.poll();
    if (e == null) {
      return;
    }
    if (e.batch() != null) {
      resultsInMemory -= e.results();
      return;
    }
    readBack = null;
    try {
      Files.deleteIfExists(e.file());
    } catch (IOException ex) {
      LOG.log(Level.WARNING, "sent batch file " + e.file() + " not deleted", ex);
    }
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }

  /** Results of the batches held on the heap. */
  long resultsInMemory() {
    return resultsInMemory;
  }

  /** Batches written to files so far. */
  long spilledEver() {
    return spilledEver;
  }
}
