/** Report views returned by the REST API and pages (plain records). */
package io.vox.master.report;
