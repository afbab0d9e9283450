/**
 * The scenario of a run as the master sends it to the nodes: connect steps, actions, feeders. The
 * master validates the plan before it builds these; the records only guard against missing parts.
 */
package io.vox.messaging.scenario;
