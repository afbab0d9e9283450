/** Who may use the admin REST API and pages: users and roles from configuration, login, checks. */
package io.vox.master.security;
