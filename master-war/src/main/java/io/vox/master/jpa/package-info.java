/**
 * JPA adapters over the persistence unit: runs, plans, run reports, and the result store (rows
 * loaded on EclipseLink's own connection and transaction).
 */
package io.vox.master.jpa;
