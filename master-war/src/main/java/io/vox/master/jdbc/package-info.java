/**
 * JDBC adapters: the report queries over the result tables (index ranges and streams that JPA
 * cannot express cheaply) and the Connector/J guard on LOAD DATA LOCAL INFILE.
 */
package io.vox.master.jdbc;
