package io.vox.node.scenario;

import java.util.List;

/** A response as checks and extractions see it. */
public interface Reply {
  int status();

  /** The body as text, or null when it was not kept. */
  String body();

  /** The first value of header {@code name} (any case), or null. */
  String header(String name);

  /** Every value of header {@code name} (any case). */
  List<String> headers(String name);
}
