package io.vox.messaging;

/** Every Vox message carries the version of the schema it was written with. */
public interface Message {
  /** Major version of the message schema this code reads and writes. */
  int SCHEMA_VERSION = 16;

  int schemaVersion();
}
