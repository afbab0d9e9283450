/** Node core: the users of a run as actors, and what they report. Plain Java, no Jakarta. */
package io.vox.node.user;
