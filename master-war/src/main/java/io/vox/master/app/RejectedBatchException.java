package io.vox.master.app;

/**
 * A report batch that cannot be true: the collector moves it to the dead-letter queue with the
 * reason, and stores none of it. Retrying cannot change it.
 */
public class RejectedBatchException extends RuntimeException {
  public RejectedBatchException(String reason) {
    super(reason);
  }
}
