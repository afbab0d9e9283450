/** Jakarta adapters of the node: the Manager MDB, report and event senders, wiring. */
package io.vox.node.jms;
