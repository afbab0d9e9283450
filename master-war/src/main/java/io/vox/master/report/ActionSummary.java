package io.vox.master.report;

/**
 * Figures of one action from the stored rows: counts, and latencies in ms over the successful
 * results (nearest-rank percentiles); latencies are null while no result succeeded.
 */
public record ActionSummary(
    long runId,
    int action,
    long count,
    long errors,
    Double minMs,
    Double p50Ms,
    Double p95Ms,
    Double p99Ms,
    Double maxMs) {}
