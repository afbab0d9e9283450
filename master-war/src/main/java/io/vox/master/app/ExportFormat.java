package io.vox.master.app;

/** The forms of a run's export: CSV with a header line, or a JSON array of objects. */
public enum ExportFormat {
  CSV,
  JSON
}
