import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** Runs the tests of one package again and again in this JVM; prints one line per pass. */
public class Passes {
  public static void main(String[] args) {
    String pkg = args[0];
    int passes = Integer.parseInt(args[1]);
    Launcher launcher = LauncherFactory.create();
    int failedPasses = 0;
    for (int i = 1; i <= passes; i++) {
      long start = System.nanoTime();
      SummaryGeneratingListener s = new SummaryGeneratingListener();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectPackage(pkg)).build(), s);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(
          "pass %d: %d passed, %d failed, %d ms%n",
          i, s.getSummary().getTestsSucceededCount(), s.getSummary().getTotalFailureCount(), ms);
      s.getSummary()
          .getFailures()
          .forEach(
              f ->
                  System.out.println(
                      "  " + f.getTestIdentifier().getDisplayName() + ": " + f.getException()));
      failedPasses += s.getSummary().getTotalFailureCount() > 0 ? 1 : 0;
    }
    System.out.println("passes with failures: " + failedPasses + " of " + passes);
    System.exit(failedPasses == 0 ? 0 : 1);
  }
}
