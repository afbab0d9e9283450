/** Master core: plans, allocation over nodes, the run coordinator. Plain Java, no Jakarta. */
package io.vox.master.run;
