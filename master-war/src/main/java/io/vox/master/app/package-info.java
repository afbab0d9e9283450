/**
 * The master's application layer: what REST resources, Faces pages and message-driven beans may ask
 * of the master ({@link io.vox.master.app.RunService}, {@link io.vox.master.app.PlanService},
 * {@link io.vox.master.app.ReportService}, {@link io.vox.master.app.ResultService}), and the ports
 * the adapters implement ({@code jpa}: runs, plans, results; JDBC queries for reports). The edges
 * never call an adapter themselves (ArchitectureTest).
 */
package io.vox.master.app;
