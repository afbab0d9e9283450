/** The contract between master and nodes: message records and destination names. */
package io.vox.messaging;
