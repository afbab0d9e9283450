package io.vox.master.run;

import io.vox.messaging.HttpStep;

/**
 * A validated test plan: who the users are, what they connect with, and the bulk action they
 * perform {@code actions} times when told.
 */
public record RunPlan(
    String name,
    String target,
    int users,
    int actions,
    int minNodes,
    int requestTimeoutMs,
    HttpStep connect,
    HttpStep action) {}
