package io.vox.messaging.scenario;

/** What a template reads when it renders: the values of one user. */
public interface Session {
  long user();

  /** The bulk action being performed, 0 while connecting. */
  int action();

  /** The value extracted into session slot {@code slot}, or null when none was. */
  String value(int slot);

  /** Column {@code column} of this user's row of feeder {@code feeder}. */
  String feed(int feeder, int column);
}
