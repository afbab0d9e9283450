package io.vox.master.report;

/**
 * A saved plan as the REST API and the pages list it: its name, users and bulk actions, and when it
 * was created and last changed. {@code json} is the plan's text; lists leave it out (null).
 */
public record PlanView(
    long id,
    String name,
    int users,
    int actions,
    long createdAtMs,
    long updatedAtMs,
    String json) {}
