package io.vox.node.trial;

import io.vox.messaging.scenario.Masker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Text written line by line to {@code out} with the run's secret values hidden: a trace prints the
 * headers and bodies that carry them. A line is kept until its end (or the close, which does not
 * close {@code out}), so that a secret is never split between two writes.
 */
public final class MaskedLines extends OutputStream {
  private final OutputStream out;
  private final Masker masker;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public MaskedLines(OutputStream out, Masker masker) {
    this.out = out;
    this.masker = masker;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      emit();
    }
  }

  private void emit() throws IOException {
    if (line.size() > 0) {
      out.write(
          masker.apply(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
      line.reset();
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    out.flush(); // a line goes out whole, at its end or on close
  }

  @Override
  public synchronized void close() throws IOException {
    emit();
    out.flush();
  }
}
