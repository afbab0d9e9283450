package io.vox.master.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records as maps for the pages: Faces (EL 5.0) reads getters and map keys but not record
 * components, so {@code #{row.p99Ms}} reads key {@code p99Ms} of the map made of a record.
 */
final class Rows {
  private Rows() {}

  /** The record's components by name, in order; a page may add keys of its own. */
  static Map<String, Object> of(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        m.put(c.getName(), c.getAccessor().invoke(r));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("reading " + c.getName() + " of " + r.getClass(), e);
      }
    }
    return m;
  }

  static List<Map<String, Object>> of(List<? extends Record> records) {
    return records.stream().map(Rows::of).toList();
  }
}
