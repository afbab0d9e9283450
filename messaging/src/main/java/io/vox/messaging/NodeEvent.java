package io.vox.messaging;

/** Messages on queue {@code vox.events}, from a node (or the master itself) to the master. */
public sealed interface NodeEvent extends Message permits NodeHeartbeat, NodeReady, MasterPing {}
