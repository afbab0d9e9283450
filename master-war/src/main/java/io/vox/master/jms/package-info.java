/** JMS adapters: the report collector and node event MDBs, the control channel. */
package io.vox.master.jms;
