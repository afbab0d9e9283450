package io.vox.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The passwords of a local stack, made fresh each time it starts (there is no default password):
 * the master's users {@code admin} and {@code viewer} (its {@code vox.security.users}) and the
 * broker's users {@code vox} (the master's) and {@code vox-node} (the nodes'). Saved in {@code
 * <work>/credentials} (owner-only) so that {@code vox status} and friends in another terminal can
 * log in to the demo's master.
 */
record StackSecrets(
    String adminPassword, String viewerPassword, String brokerPassword, String nodeBrokerPassword) {
  static final String ADMIN = "admin";
  static final String VIEWER = "viewer";
  static final String BROKER_USER = "vox";
  static final String NODE_BROKER_USER = "vox-node";
  private static final SecureRandom RANDOM = new SecureRandom();

  static StackSecrets generate() {
    return new StackSecrets(random(), random(), random(), random());
  }

  private static String random() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The master's {@code vox.security.users}. */
  String users() {
    return ADMIN + ":admin:" + adminPassword + "," + VIEWER + ":viewer:" + viewerPassword;
  }

  /** Saves the master's passwords in {@code work}, with the URL of the master they are for. */
  void save(Path work, String masterUrl) throws IOException {
    Path file = work.resolve("credentials");
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(
        file,
        List.of(
            ADMIN + " " + adminPassword, VIEWER + " " + viewerPassword, MASTER + " " + masterUrl));
  }

  /** The line of the credentials that names the master they are for. */
  static final String MASTER = "#master";

  /** The password of {@code user} saved in {@code work}'s credentials, or null. */
  static String saved(Path work, String user) {
    Path file = work.resolve("credentials");
    try {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split(" ", 2);
        if (f.length == 2 && f[0].equals(user)) {
          return f[1];
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
