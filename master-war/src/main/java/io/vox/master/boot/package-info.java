/**
 * The master's wiring and lifecycle: {@code MasterRuntime} (the data source, the broker's
 * connection factory and destinations, the node registry, the 250 ms tick) and {@code RunTicker}
 * (one coordinator step per run and transaction).
 */
package io.vox.master.boot;
