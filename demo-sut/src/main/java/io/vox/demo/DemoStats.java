package io.vox.demo;

import java.util.concurrent.atomic.LongAdder;

/** What the demo API served, for tests and the demo's summary. */
public final class DemoStats {
  final LongAdder logins = new LongAdder();
  final LongAdder messages = new LongAdder();
  final LongAdder feeds = new LongAdder();
  final LongAdder unauthorized = new LongAdder();

  public long logins() {
    return logins.sum();
  }

  public long messages() {
    return messages.sum();
  }

  public long feeds() {
    return feeds.sum();
  }

  public long unauthorized() {
    return unauthorized.sum();
  }
}
