/** The Payara Micro cluster (Hazelcast) the master is a member of, when it is clustered. */
package io.vox.master.cluster;
