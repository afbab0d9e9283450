package io.vox.master.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A plan as its author wrote it, bound by Jackson once {@link PlanSchema} has found its shape
 * right: a field left out is null. The names and nesting are those of docs/plan.schema.json; {@link
 * PlanReader} checks what the schema cannot and builds the run's plan from it.
 */
record PlanDocument(
    String name,
    String target,
    int users,
    Integer minNodes,
    Integer requestTimeoutMs,
    Integer rampUpMs,
    Long maxDurationMs,
    JsonNode connections,
    String http,
    Tls tls,
    Map<String, String> hosts,
    Integer maxBodyBytes,
    String proxy,
    Boolean preconnect,
    List<Feeder> feeders,
    List<Step> connect,
    List<Action> actions,
    List<Group> groups,
    List<Threshold> thresholds,
    JsonNode params) {

  record Group(
      String name,
      java.math.BigDecimal weight,
      Long users,
      List<Feeder> feeders,
      List<Step> connect,
      Map<String, List<Step>> steps) {}

  record Tls(
      String ca,
      String caFile,
      Boolean insecure,
      List<String> protocols,
      List<String> namedGroups,
      String cert,
      String key,
      String certFile,
      String keyFile,
      String pkcs12,
      String pkcs12File,
      String password) {}

  record Feeder(
      String name, String strategy, String csv, String csvFile, List<Map<String, JsonNode>> rows) {}

  record Action(
      String name,
      Integer repeat,
      String start,
      Integer delayMs,
      Integer atMs,
      Integer maxDurationMs,
      Double arrivalRate,
      Double arrivalRateTo,
      Double maxRps,
      Loop loop,
      List<Stage> arrivalStages,
      List<UserStage> userStages,
      List<Step> steps) {}

  record Stage(int durationMs, double rate) {}

  record UserStage(int durationMs, long users) {}

  record Loop(Integer durationMs, Integer pacingMs) {}

  record Step(
      Request request,
      Think think,
      WebSocket ws,
      String pause,
      @JsonProperty("if") If when,
      @JsonProperty("switch") List<Branch> choose,
      Repeat repeat,
      ForEach forEach,
      Boolean exitAction) {}

  record If(
      String var,
      Boolean exists,
      String equals,
      String matches,
      Double percent,
      List<Step> then,
      @JsonProperty("else") List<Step> otherwise) {}

  record Branch(double weight, List<Step> steps) {}

  record Repeat(JsonNode times, List<Step> steps) {}

  record ForEach(String in, String as, List<Step> steps) {}

  record Request(
      String name,
      String method,
      String url,
      Map<String, String> headers,
      String body,
      JsonNode json,
      Map<String, String> form,
      List<Part> multipart,
      String bodyBase64,
      String bodyFile,
      Boolean raw,
      List<Check> checks,
      List<Extract> extract,
      Boolean followRedirects) {}

  record Part(
      String name, String value, String base64, String file, String filename, String contentType) {}

  record Check(
      Integer status,
      String jsonPath,
      JsonNode equals,
      String bodyContains,
      Integer maxLatencyMs) {}

  record Extract(String name, String jsonPath, String header, String regex) {}

  record Think(Integer ms, Integer minMs, Integer maxMs, Integer meanMs) {}

  record WebSocket(
      String connect,
      Map<String, String> headers,
      String send,
      JsonNode sendJson,
      List<Check> expect,
      List<Extract> extract,
      Integer timeoutMs,
      Boolean close) {}

  record Threshold(
      String metric,
      String action,
      String request,
      double below,
      Boolean abortOnFail,
      Integer delayMs) {}
}
