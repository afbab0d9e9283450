/** JMH benchmarks of the actor core against plain executors, and the per-user footprint. */
package io.vox.bench;
