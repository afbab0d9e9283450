package io.vox.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A plan kept for later runs: its text as the operator wrote it, valid when stored. */
@Entity
@Table(name = "vox_plan")
@NamedQuery(name = SavedPlan.ALL, query = "SELECT p FROM SavedPlan p ORDER BY p.name, p.id")
public class SavedPlan {
  public static final String ALL = "SavedPlan.all";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, length = 200)
  private String name;

  @Lob
  @Column(name = "plan_json", nullable = false)
  private String planJson;

  private int users;
  private int actions;

  @Column(name = "created_at_ms")
  private long createdAtMs;

  @Column(name = "updated_at_ms")
  private long updatedAtMs;

  protected SavedPlan() {}

  public SavedPlan(String name, String planJson, int users, int actions, long nowMs) {
    this.createdAtMs = nowMs;
    update(name, planJson, users, actions, nowMs);
  }

  /** Replaces the plan's text and what is derived from it. */
  public final void update(String name, String planJson, int users, int actions, long nowMs) {
    this.name = name;
    this.planJson = planJson;
    this.users = users;
    this.actions = actions;
    this.updatedAtMs = nowMs;
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

  public int getUsers() {
    return users;
  }

  public int getActions() {
    return actions;
  }

  public long getCreatedAtMs() {
    return createdAtMs;
  }

  public long getUpdatedAtMs() {
    return updatedAtMs;
  }
}
