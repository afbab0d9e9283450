/** The node's small REST surface: its status, for scripts and health checks. */
package io.vox.node.rest;
