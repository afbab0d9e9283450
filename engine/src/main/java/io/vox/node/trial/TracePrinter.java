package io.vox.node.trial;

import io.vox.node.user.HttpLane.HttpResult;
import io.vox.node.user.HttpLane.Timings;
import io.vox.node.user.HttpLane.Trace;
import io.vox.node.user.Tracer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints what each user of a trial run does: one block per request, one line per note. */
public final class TracePrinter implements Tracer {
  private final PrintStream out;
  private final int bodyChars;
  private final io.vox.messaging.scenario.Masker masker;

  public TracePrinter(PrintStream out, int bodyChars) {
    this(out, bodyChars, io.vox.messaging.scenario.Masker.NONE);
  }

  /** A printer that hides the run's secrets ({@code masker}) in all it prints. */
  public TracePrinter(PrintStream out, int bodyChars, io.vox.messaging.scenario.Masker masker) {
    this.out = out;
    this.bodyChars = bodyChars;
    this.masker = masker;
  }

  @Override
  public void request(long user, int action, String step, HttpResult r, List<String> outcome) {
    StringBuilder b = new StringBuilder(1024);
    Trace t = r.trace();
    b.append('\n').append(where(user, action)).append(step).append('\n');
    if (t != null) {
      b.append("  > ").append(t.method()).append(' ').append(t.url());
      b.append("  (").append(t.protocol()).append(")\n");
      t.requestHeaders().forEach(h -> b.append("  > ").append(h).append('\n'));
      if (t.body() != null) {
        b.append("  > ").append(excerpt(t.body())).append('\n');
      }
    }
    if (r.status() > 0) {
      b.append("  < ").append(r.status()).append(" in ").append(ms(r.latencyUs())).append(" ms");
      b.append(timings(r.timings())).append('\n');
      if (r.headers() != null) {
        r.headers().lines().forEach(h -> b.append("  < ").append(h).append('\n'));
      }
      if (r.body() != null && !r.body().isEmpty()) {
        b.append("  < ").append(excerpt(r.body())).append('\n');
      }
    }
    for (String line : outcome) {
      b.append("  ").append(line).append('\n');
    }
    synchronized (out) {
      out.print(masker.apply(b.toString()));
    }
  }

  @Override
  public void note(long user, int action, String text) {
    synchronized (out) {
      out.println(masker.apply(where(user, action) + excerpt(text)));
    }
  }

  private static String where(long user, int action) {
    return "[user " + user + (action == 0 ? ", connect] " : ", action " + action + "] ");
  }

  private static String timings(Timings t) {
    String connection =
        t.newConnection()
            ? String.format(
                Locale.ROOT,
                "; new connection: dns %s, connect %s, tls %s ms",
                ms(t.dnsUs()),
                ms(t.connectUs()),
                ms(t.tlsUs()))
            : "; reused connection";
    return String.format(
        Locale.ROOT,
        " (wait %s, download %s ms; body %,d bytes as sent%s)",
        ms(t.waitUs()),
        ms(t.downloadUs()),
        t.bodyBytes(),
        connection);
  }

  private static String ms(long us) {
    return String.format(Locale.ROOT, "%.2f", us / 1000.0);
  }

  private String excerpt(String body) {
    String text = masker.apply(body); // before a cut or an escape could split a secret
    String one = text.replace("\r", "\\r").replace("\n", "\\n");
    return one.length() <= bodyChars
        ? one
        : one.substring(0, bodyChars) + "... (" + text.length() + " characters)";
  }
}
