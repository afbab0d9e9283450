package io.vox.master.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/**
 * Who is using the pages: {@code #{access.admin}} shows or enables what changes runs and plans; the
 * beans check {@link #mayChange} again, since a viewer can post a form too.
 */
@Named
@RequestScoped
public class Access {
  public boolean isAdmin() {
    return FacesContext.getCurrentInstance().getExternalContext().isUserInRole("admin");
  }

  public String getUser() {
    var p = FacesContext.getCurrentInstance().getExternalContext().getUserPrincipal();
    return p == null ? "" : p.getName();
  }

  /** True for an admin; for anyone else false, with a message saying why nothing changed. */
  static boolean mayChange() {
    ExternalContext ext = FacesContext.getCurrentInstance().getExternalContext();
    if (ext.isUserInRole("admin")) {
      return true;
    }
    FacesContext.getCurrentInstance()
        .addMessage(
            null,
            new FacesMessage(
                FacesMessage.SEVERITY_WARN,
                "Role viewer may only read; changing runs and plans takes role admin.",
                null));
    return false;
  }
}
