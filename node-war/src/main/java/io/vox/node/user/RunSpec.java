package io.vox.node.user;

import io.vox.messaging.HttpStep;
import io.vox.messaging.StartRun;
import java.util.regex.Pattern;

/** What every user of a run does, compiled once per run from {@link StartRun}. */
record RunSpec(
    long runId,
    String connectMethod,
    Template connectPath,
    Template connectBody,
    Pattern tokenPattern,
    String actionMethod,
    Template actionPath,
    Template actionBody,
    int actions) {

  static RunSpec of(StartRun start) {
    HttpStep c = start.connect();
    HttpStep a = start.action();
    return new RunSpec(
        start.runId(),
        c == null ? null : c.method(),
        c == null ? null : Template.of(c.path()),
        c == null ? null : Template.of(c.body()),
        c == null || c.tokenField() == null
            ? null
            : Pattern.compile("\"" + Pattern.quote(c.tokenField()) + "\"\\s*:\\s*\"([^\"]*)\""),
        a.method(),
        Template.of(a.path()),
        Template.of(a.body()),
        start.actions());
  }

  boolean hasConnect() {
    return connectMethod != null;
  }
}
