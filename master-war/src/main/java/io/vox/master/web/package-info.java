/** Jakarta Faces pages of the admin UI. */
package io.vox.master.web;
