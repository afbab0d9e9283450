package io.vox.node.scenario;

import io.vox.messaging.scenario.Request;
import io.vox.messaging.scenario.Session;
import io.vox.messaging.scenario.Template;
import io.vox.messaging.scenario.Vocabulary;
import io.vox.messaging.scenario.WebSocketStep;
import java.util.Map;

/** A WebSocket step, compiled: its templates split, its checks and extractions compiled. */
public final class CompiledWebSocket {
  private final String kind;
  private final String label;
  private final Template url;
  private final HeaderTemplates headers;
  private final Template text;
  private final CompiledRequest verifier;
  private final int timeoutMs;

  private CompiledWebSocket(WebSocketStep ws, Vocabulary vocabulary) {
    this.kind = ws.kind();
    this.label =
        "ws "
            + ws.kind()
            + (ws.url() != null ? " " + ws.url() : "")
            + (ws.text() != null ? " " + abbreviate(ws.text()) : "");
    this.url = Template.compile(ws.url(), vocabulary);
    this.headers = new HeaderTemplates(ws.headers(), vocabulary);
    this.text = Template.compile(ws.text(), vocabulary);
    this.verifier =
        CompiledRequest.of(
            new Request(
                label,
                "GET",
                "/",
                Map.of(),
                null,
                ws.checks(),
                ws.extract(),
                null,
                null,
                null,
                null),
            vocabulary);
    this.timeoutMs = ws.timeoutMs() > 0 ? ws.timeoutMs() : 10_000;
  }

  public static CompiledWebSocket of(WebSocketStep ws, Vocabulary vocabulary) {
    return new CompiledWebSocket(ws, vocabulary);
  }

  private static String abbreviate(String s) {
    return s.length() <= 30 ? s : s.substring(0, 27) + "...";
  }

  /** One of {@link WebSocketStep#CONNECT}, SEND, EXPECT, CLOSE. */
  public String kind() {
    return kind;
  }

  /** The prefix of this step's errors, e.g. {@code ws expect}. */
  public String label() {
    return label;
  }

  public String url(Session session) {
    return url.render(session);
  }

  /** Header names and rendered values of a connect, alternating, with the user's cookies. */
  public String[] headers(Session session, String cookie) {
    return headers.render(session, cookie);
  }

  public String text(Session session) {
    return text.render(session);
  }

  /** Checks and extracts from a received message; null when all passed, else why not. */
  public String verify(String message, long waitedUs, Session session, String[] slots) {
    return verifier.verify(new Message(message), waitedUs, session, slots);
  }

  /** How long an expect waits for a message. */
  public int timeoutMs() {
    return timeoutMs;
  }

  private record Message(String body) implements Reply {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String header(String name) {
      return null;
    }

    @Override
    public java.util.List<String> headers(String name) {
      return java.util.List.of();
    }
  }
}
