package io.vox.messaging;

/** Checks shared by the message records' constructors and the codec. */
public final class Messages {
  private Messages() {}

  static void require(Object value, String field) {
    if (value == null) {
      throw new InvalidMessageException("field '" + field + "' is missing");
    }
  }

  public static void version(int schemaVersion) {
    if (schemaVersion == 0) {
      throw new InvalidMessageException("field 'schemaVersion' is missing");
    }
    if (schemaVersion != Message.SCHEMA_VERSION) {
      throw new InvalidMessageException(
          "schemaVersion "
              + schemaVersion
              + " is not supported (this side reads "
              + Message.SCHEMA_VERSION
              + ")");
    }
  }
}
