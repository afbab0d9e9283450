/**
 * Actor core: private state, a mailbox, one run at a time on any {@link
 * java.util.concurrent.Executor}.
 */
package io.vox.messaging.actor;
