package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One run of a plan: its plan text, its state and where it is. */
@Entity
@Table(name = "vox_run", indexes = @Index(name = "ix_run_state", columnList = "state"))
@NamedQuery(
    name = Run.ACTIVE_IDS,
    query = "SELECT r.id FROM Run r WHERE r.state IN :states ORDER BY r.id")
@NamedQuery(name = Run.LATEST, query = "SELECT r FROM Run r ORDER BY r.id DESC")
@NamedQuery(
    name = Run.LATEST_NAMED,
    query = "SELECT r FROM Run r WHERE r.name = :name AND r.id <= :upTo ORDER BY r.id DESC")
public class Run {
  public static final String ACTIVE_IDS = "Run.activeIds";
  public static final String LATEST = "Run.latest";
  public static final String LATEST_NAMED = "Run.latestNamed";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 200)
  private String name;

  @Lob
  @Column(name = "plan_json", nullable = false)
  private String planJson;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, length = 16)
  private RunState state;

  private int users;
  private int actions;

  @Column(name = "min_nodes")
  private int minNodes;

  @Column(name = "current_action")
  private int currentAction;

  private int connected;

  @Column(name = "connect_failed")
  private int connectFailed;

  @Column(name = "created_at_ms")
  private long createdAtMs;

  @Column(name = "started_at_ms")
  private long startedAtMs;

  @Column(name = "ended_at_ms")
  private long endedAtMs;

  @Column(length = 1000)
  private String error;

  @Column(name = "last_control_ms")
  private long lastControlMs;

  /** End the run now (abort). */
  @Column(name = "stop_requested")
  private boolean stopRequested;

  /** End the run once the action under way is complete (stop). */
  @Column(name = "stop_after_action")
  private boolean stopAfterAction;

  @Column(name = "ready_at_ms")
  private long readyAtMs;

  @Column(name = "next_requested")
  private boolean nextRequested;

  /** Whether the run met its thresholds; null without thresholds or before the run completed. */
  private Boolean passed;

  /** Each threshold and the figure reached, as JSON. */
  @Lob
  @Column(name = "verdict_json")
  private String verdictJson;

  /** The run's parameters by name, as JSON, a secret one's value masked: never stored. */
  @Lob
  @Column(name = "params_json")
  private String paramsJson;

  protected Run() {}

  public Run(String name, String planJson, int users, int actions, int minNodes, long nowMs) {
    this.name = name;
    this.planJson = planJson;
    this.users = users;
    this.actions = actions;
    this.minNodes = minNodes;
    this.state = RunState.CREATED;
    this.createdAtMs = nowMs;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getPlanJson() {
    return planJson;
  }

  public RunState getState() {
    return state;
  }

  public void setState(RunState state) {
    this.state = state;
  }

  public int getUsers() {
    return users;
  }

  public int getActions() {
    return actions;
  }

  public int getMinNodes() {
    return minNodes;
  }

  public int getCurrentAction() {
    return currentAction;
  }

  public void setCurrentAction(int currentAction) {
    this.currentAction = currentAction;
  }

  public int getConnected() {
    return connected;
  }

  public int getConnectFailed() {
    return connectFailed;
  }

  public void setConnectResult(int connected, int connectFailed) {
    this.connected = connected;
    this.connectFailed = connectFailed;
  }

  public long getCreatedAtMs() {
    return createdAtMs;
  }

  public long getStartedAtMs() {
    return startedAtMs;
  }

  public void setStartedAtMs(long startedAtMs) {
    this.startedAtMs = startedAtMs;
  }

  public long getEndedAtMs() {
    return endedAtMs;
  }

  public void setEndedAtMs(long endedAtMs) {
    this.endedAtMs = endedAtMs;
  }

  public long getLastControlMs() {
    return lastControlMs;
  }

  public void setLastControlMs(long lastControlMs) {
    this.lastControlMs = lastControlMs;
  }

  public boolean isAbortRequested() {
    return stopRequested;
  }

  /** Asks for the run to end now. */
  public void requestAbort() {
    this.stopRequested = true;
  }

  public boolean isStopAfterAction() {
    return stopAfterAction;
  }

  /** Asks for the run to end once the action under way is complete. */
  public void requestStopAfterAction() {
    this.stopAfterAction = true;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
  }

  public long getReadyAtMs() {
    return readyAtMs;
  }

  public void setReadyAtMs(long readyAtMs) {
    this.readyAtMs = readyAtMs;
  }

  public boolean isNextRequested() {
    return nextRequested;
  }

  public void setNextRequested(boolean nextRequested) {
    this.nextRequested = nextRequested;
  }

  public Boolean getPassed() {
    return passed;
  }

  public String getVerdictJson() {
    return verdictJson;
  }

  public String getParamsJson() {
    return paramsJson;
  }

  public void setParamsJson(String paramsJson) {
    this.paramsJson = paramsJson;
  }

  public void setVerdict(boolean passed, String verdictJson) {
    this.passed = passed;
    this.verdictJson = verdictJson;
  }
}
