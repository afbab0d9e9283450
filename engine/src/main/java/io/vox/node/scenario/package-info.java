/**
 * A run's scenario compiled once per node for the users' hot path: rendered templates, checks,
 * extraction, think times. No Netty and no Jakarta here.
 */
package io.vox.node.scenario;
