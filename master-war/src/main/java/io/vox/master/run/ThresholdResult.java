package io.vox.master.run;

/** One threshold of a run and the figure the run reached; {@code actual} is null without data. */
public record ThresholdResult(String threshold, Double actual, boolean passed) {}
