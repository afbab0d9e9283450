/** The admin REST API, its DTOs and error mapping. */
package io.vox.master.rest;
