/**
 * The node's wiring and lifecycle: {@code NodeRuntime} (event loops, engine, batcher, heartbeats,
 * the drain at shutdown), its configuration, CPU load and Payara instance name, and the {@code
 * NodeShutdown} listener.
 */
package io.vox.node.boot;
