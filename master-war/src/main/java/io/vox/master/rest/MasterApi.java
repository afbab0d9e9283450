package io.vox.master.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin REST API under {@code /api}. */
@ApplicationPath("api")
public class MasterApi extends Application {}
