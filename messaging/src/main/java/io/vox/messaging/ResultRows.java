package io.vox.messaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The results of a {@link ReportBatch}, together with their wire form: the text MySQL's {@code LOAD
 * DATA} reads by default, one line per result and its values tab-separated in the order of {@link
 * #COLUMNS}, the error {@code \N} when there is none, else UTF-8 with backslash escapes for
 * backslash, tab, newline, carriage return and NUL. The master hands these bytes to {@code LOAD
 * DATA LOCAL INFILE} as they came, after {@link #parse} checked every value, instead of decoding
 * JSON and writing the same rows once more as text (43 % of its collector threads' CPU,
 * bench/README.md).
 *
 * <p>Immutable; as a list, the results in the order of the text.
 */
public final class ResultRows extends AbstractList<UserResult> implements RandomAccess {
  /** The columns of {@code vox_result} each line holds, in their order. */
  public static final List<String> COLUMNS =
      List.of(
          "action",
          "user_id",
          "intended_us",
          "start_us",
          "latency_us",
          "status",
          "error",
          "loop_iterations",
          "loop_failures",
          "queued_us",
          "user_group");

  /** The longest error text a row may hold (the column's length); longer ones are clipped. */
  public static final int MAX_ERROR_CHARS = 500;

  private static final ResultRows EMPTY = new ResultRows(new byte[0], 0, 0, List.of());

  private final byte[] text;
  private final int offset;
  private final int length;
  private final List<UserResult> results;

  private ResultRows(byte[] text, int offset, int length, List<UserResult> results) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.results = results;
  }

  /** {@code results} with their text (an error longer than {@link #MAX_ERROR_CHARS} clipped). */
  public static ResultRows of(List<UserResult> results) {
    if (results instanceof ResultRows rows) {
      return rows;
    }
    if (results.isEmpty()) {
      return EMPTY;
    }
    Bytes out = new Bytes(results.size() * 64);
    List<UserResult> kept = new ArrayList<>(results.size());
    for (UserResult r : results) {
      String error = clip(r.error());
      out.number(r.action()).tab();
      out.number(r.user()).tab();
      out.number(r.intendedUs()).tab();
      out.number(r.startUs()).tab();
      out.number(r.latencyUs()).tab();
      out.number(r.status()).tab();
      if (error == null) {
        out.raw('\\').raw('N');
      } else {
        out.escaped(error);
      }
      out.tab();
      out.number(r.loopIterations()).tab();
      out.number(r.loopFailures()).tab();
      out.number(r.queuedUs()).tab();
      out.number(r.group()).raw('\n');
      kept.add(error == r.error() ? r : withError(r, error));
    }
    return new ResultRows(out.buf, 0, out.size, kept); // never handed out: no copy needed
  }

  private static UserResult withError(UserResult r, String error) {
    return new UserResult(
        r.user(),
        r.action(),
        r.intendedUs(),
        r.startUs(),
        r.latencyUs(),
        r.status(),
        error,
        r.loopIterations(),
        r.loopFailures(),
        r.queuedUs(),
        r.group());
  }

  /** An error text as a row holds it: at most {@link #MAX_ERROR_CHARS} characters. */
  public static String clip(String error) {
    return error == null || error.length() <= MAX_ERROR_CHARS
        ? error
        : error.substring(0, MAX_ERROR_CHARS);
  }

  /**
   * Reads the rows in {@code text[offset, offset + length)}, which it keeps (not copied), checking
   * every value: a whole number in its column's range, an error in valid UTF-8 with only the
   * escapes {@link #of} writes, ten values a line and a newline at the end of each. Throws an
   * {@link InvalidMessageException} naming the first wrong value.
   */
  public static ResultRows parse(byte[] text, int offset, int length) {
    if (length == 0) {
      return EMPTY;
    }
    Parser p = new Parser(text, offset, offset + length);
    List<UserResult> results = new ArrayList<>(Math.max(16, length / 48));
    while (p.at < p.end) {
      results.add(p.row(results.size()));
    }
    return new ResultRows(text, offset, length, results);
  }

  @Override
  public UserResult get(int index) {
    return results.get(index);
  }

  @Override
  public int size() {
    return results.size();
  }

  /** The text, without a copy. */
  public ByteArrayInputStream textStream() {
    return new ByteArrayInputStream(text, offset, length);
  }

  /** The text's length in bytes. */
  public int textLength() {
    return length;
  }

  /** Writes the text to {@code out}, without a copy in between. */
  public void writeTo(ByteArrayOutputStream out) {
    out.write(text, offset, length);
  }

  /** A copy of the text. */
  public byte[] text() {
    return Arrays.copyOfRange(text, offset, offset + length);
  }

  /** Reads one line at a time, failing with the row and the column that is wrong. */
  private static final class Parser {
    private final byte[] b;
    private final int end;
    private int at;
    private int row;
    private CharsetDecoder utf8;

    Parser(byte[] b, int at, int end) {
      this.b = b;
      this.at = at;
      this.end = end;
    }

    UserResult row(int index) {
      row = index;
      int action = (int) number(0, 0, Integer.MAX_VALUE);
      long user = number(1, 0, Long.MAX_VALUE);
      long intendedUs = number(2, -Long.MAX_VALUE, Long.MAX_VALUE);
      long startUs = number(3, -Long.MAX_VALUE, Long.MAX_VALUE);
      long latencyUs = number(4, 0, Long.MAX_VALUE);
      int status = (int) number(5, 0, Integer.MAX_VALUE);
      String error = error();
      int loopIterations = (int) number(7, 0, Integer.MAX_VALUE);
      int loopFailures = (int) number(8, 0, Integer.MAX_VALUE);
      long queuedUs = number(9, 0, Long.MAX_VALUE);
      int group = (int) number(10, 0, Short.MAX_VALUE);
      return new UserResult(
          user,
          action,
          intendedUs,
          startUs,
          latencyUs,
          status,
          error,
          loopIterations,
          loopFailures,
          queuedUs,
          group);
    }

    /**
     * Value {@code column}, a whole number from {@code min} to {@code max}, and the separator after
     * it: a tab, or after the last column a newline.
     */
    /**
     * The digits in {@code b[from, to)} as a long, checked for overflow: a division a digit, only
     * for the rare number of 19 digits or more.
     */
    private long exact(int column, int from, int to) {
      long v = 0;
      for (int i = from; i < to; i++) {
        int d = b[i] - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          throw invalid(column, "is out of range");
        }
        v = v * 10 + d;
      }
      return v;
    }

    private long number(int column, long min, long max) {
      int start = at;
      boolean negative = at < end && b[at] == '-';
      if (negative) {
        at++;
      }
      int firstDigit = at;
      long v = 0;
      while (at < end && b[at] >= '0' && b[at] <= '9') {
        v = v * 10 + (b[at++] - '0'); // 18 digits cannot overflow; more are checked below
      }
      if (at - firstDigit > 18) {
        v = exact(column, firstDigit, at);
      }
      if (at >= end) {
        throw invalid(column, "is cut off: the text ends inside its line");
      }
      byte separator = b[at];
      if (separator != '\t' && separator != '\n') {
        throw invalid(column, "must be a whole number");
      }
      if (at == start) {
        throw invalid(column, "is empty");
      }
      if (at == start + 1 && negative) {
        throw invalid(column, "must be a whole number");
      }
      separator(column, separator);
      at++;
      v = negative ? -v : v;
      if (v < min || v > max) {
        throw invalid(column, "is out of range (" + min + " to " + max + ")");
      }
      return v;
    }

    /** Checks that {@code separator} after value {@code column} is the right one. */
    private void separator(int column, byte separator) {
      if (separator == '\n' && column < LAST) {
        throw new InvalidMessageException(
            "results["
                + row
                + "]: "
                + (column + 1)
                + " values, expected "
                + COLUMNS.size()
                + " "
                + LINE);
      }
      if (separator == '\t' && column == LAST) {
        throw new InvalidMessageException(
            "results[" + row + "]: more than " + COLUMNS.size() + " values " + LINE);
      }
    }

    /** The error value: null for {@code \N}, else the unescaped text; and the tab after it. */
    private String error() {
      int last = at; // the field's end: the first tab or newline
      while (last < end && b[last] != '\t' && b[last] != '\n') {
        last++;
      }
      if (last >= end) {
        throw invalid(6, "is cut off: the text ends inside its line");
      }
      separator(6, b[last]);
      int start = at;
      at = last + 1;
      if (last - start == 2 && b[start] == '\\' && b[start + 1] == 'N') {
        return null;
      }
      byte[] out = null; // only when there is an escape
      int n = 0;
      for (int i = start; i < last; i++) {
        byte c = b[i];
        if (c == '\\') {
          if (out == null) {
            n = i - start;
            out = Arrays.copyOfRange(b, start, last);
          }
          if (++i == last) {
            throw invalid(6, "ends in a lone backslash");
          }
          out[n++] =
              switch (b[i]) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case '0' -> 0;
                default -> throw invalid(6, "has an unknown escape \\" + (char) (b[i] & 0x7F));
              };
        } else if (out != null) {
          out[n++] = c;
        }
      }
      if (utf8 == null) {
        utf8 =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      String error;
      try {
        error =
            utf8.decode(
                    out == null
                        ? ByteBuffer.wrap(b, start, last - start)
                        : ByteBuffer.wrap(out, 0, n))
                .toString();
      } catch (CharacterCodingException e) {
        throw invalid(6, "is not valid UTF-8");
      }
      if (error.length() > MAX_ERROR_CHARS) {
        throw invalid(6, "is longer than " + MAX_ERROR_CHARS + " characters");
      }
      return error;
    }

    private InvalidMessageException invalid(int column, String why) {
      return new InvalidMessageException(
          "results[" + row + "][" + column + "] (" + COLUMNS.get(column) + ") " + why);
    }
  }

  private static final String LINE = "(" + String.join(", ", COLUMNS) + ")";

  /** The index of a line's last value, followed by a newline. */
  private static final int LAST = COLUMNS.size() - 1;

  /** A growable byte buffer. */
  private static final class Bytes {
    private byte[] buf;
    private int size;
    private final byte[] digits = new byte[20];

    Bytes(int capacity) {
      buf = new byte[Math.max(capacity, 64)];
    }

    private void room(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    Bytes raw(char c) {
      room(1);
      buf[size++] = (byte) c;
      return this;
    }

    Bytes tab() {
      return raw('\t');
    }

    Bytes number(long v) {
      if (v == Long.MIN_VALUE) {
        v = Long.MIN_VALUE + 1; // the one value that has no positive twin; never a time here
      }
      room(20);
      if (v < 0) {
        buf[size++] = '-';
        v = -v;
      }
      int n = 0;
      do {
        digits[n++] = (byte) ('0' + (int) (v % 10));
        v /= 10;
      } while (v != 0);
      while (n > 0) {
        buf[size++] = digits[--n];
      }
      return this;
    }

    /**
     * {@code s} in UTF-8 with the escapes for backslash, tab, newline, carriage return and NUL (the
     * bytes of a multi-byte UTF-8 character are all above 0x7F, so never escaped).
     */
    Bytes escaped(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      room(b.length * 2);
      for (byte x : b) {
        switch (x) {
          case '\\' -> {
            buf[size++] = '\\';
            buf[size++] = '\\';
          }
          case '\t' -> {
            buf[size++] = '\\';
            buf[size++] = 't';
          }
          case '\n' -> {
            buf[size++] = '\\';
            buf[size++] = 'n';
          }
          case '\r' -> {
            buf[size++] = '\\';
            buf[size++] = 'r';
          }
          case 0 -> {
            buf[size++] = '\\';
            buf[size++] = '0';
          }
          default -> buf[size++] = x;
        }
      }
      return this;
    }
  }
}
