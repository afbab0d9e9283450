/** Reads and validates plan JSON, naming every wrong field by JSON pointer. */
package io.vox.master.plan;
