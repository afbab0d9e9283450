/** The vox command: an embedded local stack and Payara Micro master and node processes. */
package io.vox.launcher;
