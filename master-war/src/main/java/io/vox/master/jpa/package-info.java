/** JPA adapters: run store, result store and report queries over the persistence unit. */
package io.vox.master.jpa;
