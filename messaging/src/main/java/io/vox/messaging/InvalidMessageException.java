package io.vox.messaging;

/** A message that cannot be read: wrong type, unsupported schema version, bad or missing field. */
public class InvalidMessageException extends RuntimeException {
  public InvalidMessageException(String message) {
    super(message);
  }

  public InvalidMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
