/** JPA entities and named queries of runs, nodes, actions, results and stored batches. */
package io.vox.persistence;
