package io.vox.master.web;

import io.vox.master.security.VoxAuthentication;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Backs {@code login.xhtml}: a name and password checked against {@code vox.security.users}; then
 * back to the page the caller asked for ({@code next}, a path of this application only).
 */
@Named
@RequestScoped
public class LoginPage {
  @Inject SecurityContext security;

  private String user = "";
  private String password = "";
  private String next = "";

  public void login() throws IOException {
    FacesContext faces = FacesContext.getCurrentInstance();
    ExternalContext ext = faces.getExternalContext();
    AuthenticationStatus status =
        security.authenticate(
            (HttpServletRequest) ext.getRequest(),
            (HttpServletResponse) ext.getResponse(),
            AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(user, password))
                .newAuthentication(true));
    if (status == AuthenticationStatus.SUCCESS) {
      ext.redirect(ext.getRequestContextPath() + safeNext());
      faces.responseComplete();
      return;
    }
    password = "";
    Long wait = VoxAuthentication.retryAfterSeconds((HttpServletRequest) ext.getRequest());
    if (wait != null) {
      ext.setResponseStatus(429);
      ext.setResponseHeader("Retry-After", wait.toString());
    }
    String why =
        wait == null
            ? "Wrong user name or password."
            : "Too many failed logins for this user name; try again in " + wait + " s.";
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, why, null));
  }

  public void logout() throws IOException, ServletException {
    ExternalContext ext = FacesContext.getCurrentInstance().getExternalContext();
    ((HttpServletRequest) ext.getRequest()).logout();
    ext.invalidateSession();
    ext.redirect(ext.getRequestContextPath() + "/login.xhtml");
  }

  /** {@code next} when it is a path of this application, else the runs page. */
  String safeNext() {
    boolean local =
        next != null
            && next.startsWith("/")
            && !next.startsWith("//")
            && !next.contains("\\")
            && !next.startsWith("/login.xhtml");
    return local ? next : "/";
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }
}
