/** Jakarta messaging adapters of the node: the Manager MDB, the report and event senders. */
package io.vox.node.jms;
