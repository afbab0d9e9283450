package io.vox.master.boot;

import io.vox.master.jms.JmsControlChannel;
import io.vox.master.jms.JmsReportPipeline;
import io.vox.master.run.LiveChecks;
import io.vox.master.run.NodeRegistry;
import io.vox.master.run.ResultMetrics;
import io.vox.master.run.RunCoordinator;
import io.vox.master.run.RunStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs one coordinator step per run, each in its own transaction with what it publishes. */
@Stateless
public class RunTicker {
  @Inject RunStore store;
  @Inject JmsControlChannel control;
  @Inject ResultMetrics reports;
  @Inject JmsReportPipeline pipeline;

  @Inject
  @ConfigProperty(name = "vox.master.node-wait-ms")
  long nodeWaitMs;

  @Inject
  @ConfigProperty(name = "vox.master.resend-ms")
  long resendMs;

  @Inject
  @ConfigProperty(name = "vox.master.node-lost-ms")
  long nodeLostMs;

  @Inject
  @ConfigProperty(name = "vox.master.report-grace-ms", defaultValue = "30000")
  long graceMs;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Long> activeRunIds() {
    return store.activeRunIds();
  }

  /**
   * Publishes the active runs and the last run id, read in one snapshot: a node drops a run it
   * holds that the master no longer lists (it missed the StopRun).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void announceActiveRuns() {
    List<Long> active = store.activeRunIds();
    control.publish(
        new io.vox.messaging.ActiveRuns(
            io.vox.messaging.Message.SCHEMA_VERSION, store.lastRunId(), active));
  }

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void step(long runId, NodeRegistry nodes, LiveChecks live) {
    new RunCoordinator(
            store,
            reports,
            control,
            nodes,
            nodeWaitMs,
            resendMs,
            nodeLostMs,
            graceMs,
            pipeline,
            live)
        .step(runId, System.currentTimeMillis());
  }
}
