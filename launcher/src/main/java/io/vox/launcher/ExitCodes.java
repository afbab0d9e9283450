package io.vox.launcher;

/** Exit codes of the vox commands, for CI pipelines. */
final class ExitCodes {
  /** The run completed and met every threshold of its plan. */
  static final int PASSED = 0;

  /** The run missed a threshold, or ended without completing: stopped or failed. */
  static final int FAILED = 1;

  /** Vox could not do what was asked: bad plan, master unreachable, no such run. */
  static final int ERROR = 2;

  /** Another demo holds the lock, or a port is taken. */
  static final int BUSY = 3;

  private ExitCodes() {}
}
