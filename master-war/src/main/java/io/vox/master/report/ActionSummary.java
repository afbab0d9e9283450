package io.vox.master.report;

/**
 * Figures of one action: counts of results and errors, and latencies in ms of the successful
 * results from their HdrHistograms (3 significant digits); latencies are null while none succeeded.
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
