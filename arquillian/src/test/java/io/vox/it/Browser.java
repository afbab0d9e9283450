package io.vox.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, as an operator uses the admin pages: Debian's {@code
 * chromium} and {@code chromedriver} (installed by .ci/run), never a downloaded browser.
 * Screenshots go to {@code target/screenshots/} for the docs.
 */
final class Browser implements AutoCloseable {
  static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path CHROMIUM =
      Path.of(System.getProperty("vox.chromium", "/usr/bin/chromium"));
  private static final Path DRIVER =
      Path.of(System.getProperty("vox.chromedriver", "/usr/bin/chromedriver"));

  final WebDriver driver;
  private final Path profile;

  Browser(int width, int height) {
    assertTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "the browser tests need Debian's chromium and chromium-driver ("
            + CHROMIUM
            + ", "
            + DRIVER
            + "): apt-get install chromium chromium-driver (.ci/run does)");
    try {
      profile = Files.createTempDirectory(Path.of("target"), "chromium");
      Files.createDirectories(SHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
  }

  void open(String url) {
    driver.get(url);
  }

  /** Fills in and sends the login form the browser is on; waits until it has left it. */
  void logIn(String user, String password) {
    await(Duration.ofSeconds(30), "the login page", d -> d.getCurrentUrl().contains("login.xhtml"));
    type("login:user", user);
    type("login:password", password);
    id("login:submit").click();
    await(
        Duration.ofSeconds(30),
        "logged in as " + user,
        d -> !d.getCurrentUrl().contains("login.xhtml"));
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The element with Faces client id {@code id} (colons escaped for CSS). */
  WebElement id(String id) {
    return driver.findElement(By.id(id));
  }

  /** The text of element {@code id}, or "" when there is none (read in one script, as rows). */
  String text(String id) {
    Object t =
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript(
                "const e = document.getElementById(arguments[0]);"
                    + " return e ? e.innerText.trim() : '';",
                id);
    return (String) t;
  }

  /** Replaces the text of input {@code id}. */
  void type(String id, String text) {
    WebElement e = id(id);
    e.clear();
    e.sendKeys(text);
  }

  /**
   * The cells' text of each data row of PrimeFaces data table {@code id}, read in one script so a
   * poll re-rendering the table cannot leave half-read rows.
   */
  @SuppressWarnings("unchecked")
  List<List<String>> rows(String id) {
    Object rows =
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript(
                "return Array.from(document.querySelectorAll(\"[id='\" + arguments[0]"
                    + " + \"_data'] > tr\")).filter(tr =>"
                    + " !tr.classList.contains('ui-datatable-empty-message')).map(tr =>"
                    + " Array.from(tr.cells).map(td => td.innerText.trim()));",
                id);
    return (List<List<String>>) rows;
  }

  /** Waits up to {@code timeout} for {@code condition} to give something other than null/false. */
  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout)
        .withMessage(() -> what + "; the page:\n" + driver.getPageSource())
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /**
   * Saves the whole page (the window grown to its height) as {@code target/screenshots/name.png}.
   */
  void shot(String name) {
    org.openqa.selenium.Dimension window = driver.manage().window().getSize();
    long height =
        (Long)
            ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript(
                    "window.scrollTo(0, 0); return document.documentElement.scrollHeight;");
    driver
        .manage()
        .window()
        .setSize(
            new org.openqa.selenium.Dimension(
                window.getWidth(), (int) Math.min(height + 120, 4000)));
    byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    driver.manage().window().setSize(window);
    try {
      Files.write(SHOTS.resolve(name + ".png"), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
