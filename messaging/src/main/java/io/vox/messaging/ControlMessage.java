package io.vox.messaging;

/** Messages on topic {@code vox.control}, from the master to every node. */
public sealed interface ControlMessage extends Message
    permits StartRun, RunAction, StopRun, ActiveRuns, ClockEchoes {}
