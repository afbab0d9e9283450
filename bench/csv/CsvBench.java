import java.io.*;
import org.apache.commons.csv.*;

/**
 * How fast one core formats export rows as CSV three ways: the hand-written writer the export had,
 * a commons-csv CSVPrinter for every field, and what the export does now (numbers written as they
 * are, commons-csv quoting the two text fields). 2M rows a round, 4 rounds, output discarded.
 */
public class CsvBench {
  static String csv(String s) {
    if (s == null) return "";
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
      return s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static void hand(Writer w, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      w.write(Long.toString(7));
      w.write(',');
      w.write(Integer.toString(1));
      w.write(',');
      w.write(Long.toString(i));
      w.write(',');
      w.write(csv("node-a"));
      for (int c = 0; c < 3; c++) {
        w.write(',');
        w.write(Long.toString(1796583291010000L + c));
      }
      w.write(',');
      w.write(Integer.toString(200));
      w.write(',');
      w.write(csv(i % 20 == 0 ? "connect failed: refused" : null));
      w.write(',');
      w.write(Integer.toString(0));
      w.write(',');
      w.write(Integer.toString(0));
      w.write(',');
      w.write(Long.toString(0));
      w.write('\n');
    }
  }

  static void lib(Writer w, int n) throws IOException {
    CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
    for (int i = 0; i < n; i++) {
      p.print(7L);
      p.print(1);
      p.print((long) i);
      p.print("node-a");
      for (int c = 0; c < 3; c++) p.print(1796583291010000L + c);
      p.print(200);
      p.print(i % 20 == 0 ? "connect failed: refused" : null);
      p.print(0);
      p.print(0);
      p.print(0L);
      p.println();
    }
  }

  static final CSVFormat F = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get();

  static void mixed(Writer w, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      w.write(Long.toString(7));
      w.write(',');
      w.write(Integer.toString(1));
      w.write(',');
      w.write(Long.toString(i));
      F.print("node-a", w, false);
      for (int c = 0; c < 3; c++) {
        w.write(',');
        w.write(Long.toString(1796583291010000L + c));
      }
      w.write(',');
      w.write(Integer.toString(200));
      F.print(i % 20 == 0 ? "connect failed: refused" : null, w, false);
      w.write(',');
      w.write(Integer.toString(0));
      w.write(',');
      w.write(Integer.toString(0));
      w.write(',');
      w.write(Long.toString(0));
      w.write('\n');
    }
  }

  public static void main(String[] a) throws Exception {
    int n = 2_000_000;
    for (int r = 0; r < 4; r++) {
      for (String m : new String[] {"hand", "lib", "mixed"}) {
        Writer w =
            new BufferedWriter(new OutputStreamWriter(OutputStream.nullOutputStream()), 1 << 16);
        long t = System.nanoTime();
        if (m.equals("hand")) hand(w, n);
        else if (m.equals("lib")) lib(w, n);
        else mixed(w, n);
        w.flush();
        long ms = (System.nanoTime() - t) / 1_000_000;
        System.out.println(
            "round "
                + r
                + " "
                + m
                + ": "
                + ms
                + " ms, "
                + (n * 1000L / Math.max(1, ms))
                + " rows/s");
      }
    }
  }
}
