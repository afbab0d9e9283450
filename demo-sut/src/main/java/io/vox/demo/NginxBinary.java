package io.vox.demo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the nginx executable; Debian keeps it in /usr/sbin, often not on a test's PATH. */
final class NginxBinary {
  private NginxBinary() {}

  static Path find() {
    List<Path> candidates = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          candidates.add(Path.of(entry, "nginx"));
        }
      }
    }
    candidates.add(Path.of("/usr/sbin/nginx"));
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("nginx not installed: apt-get install nginx-light"));
  }
}
