/**
 * Who may use the admin REST API and pages: users and roles from configuration, login (one hash per
 * check, throttled per name), checks.
 */
package io.vox.master.security;
