package io.vox.node.user;

import io.vox.messaging.scenario.WebSocketStep;
import io.vox.node.scenario.CompiledWebSocket;
import java.util.ArrayDeque;

/**
 * A user's WebSocket steps: connect, send, expect (a message, checked like a response) and close,
 * and the messages that arrived while the user expected none (up to {@value #MAX_INBOX}, the oldest
 * dropped). Made at the user's first WebSocket step, so a user without one pays nothing. Runs on
 * the user's actor: the socket's events come back as the actor's messages.
 */
final class WebSocketSteps {
  private static final int MAX_INBOX = 1000;
  private final UserActor user;
  private HttpLane.WebSocketHandle ws;
  private ArrayDeque<String> inbox;
  private boolean expecting;
  private long expectStartNanos;

  WebSocketSteps(UserActor user) {
    this.user = user;
  }

  /**
   * Starts step {@code w}; true when it is already done (send, close, a message that was waiting),
   * false when the user now waits (connect, expect) or the action ended.
   */
  boolean step(CompiledWebSocket w, int mine) {
    switch (w.kind()) {
      case WebSocketStep.CONNECT -> {
        close();
        String url = w.url(user);
        user.lane()
            .openWebSocket(
                url,
                w.headers(user, user.cookieFor(url)),
                new HttpLane.WebSocketListener() {
                  @Override
                  public void opened(HttpLane.WebSocketHandle h, long latency) {
                    user.tell(new UserActor.WsOpened(mine, h, latency));
                  }

                  @Override
                  public void message(HttpLane.WebSocketHandle h, String text) {
                    user.tell(new UserActor.WsMessage(h, text));
                  }

                  @Override
                  public void closed(HttpLane.WebSocketHandle h, String reason) {
                    user.tell(new UserActor.WsClosed(mine, h, reason));
                  }
                });
        return false;
      }
      case WebSocketStep.SEND -> {
        if (ws == null) {
          user.finish(w.label() + ": no WebSocket open");
          return false;
        }
        String text = w.text(user);
        user.note("ws send: " + text);
        ws.send(text);
        return true;
      }
      case WebSocketStep.EXPECT -> {
        String waiting = inbox == null ? null : inbox.poll();
        if (waiting != null) {
          String failure = w.verify(waiting, 0, user, user.slots());
          if (failure != null) {
            user.finish(failure);
            return false;
          }
          return true;
        }
        if (ws == null) {
          user.finish(w.label() + ": no WebSocket open");
          return false;
        }
        expecting = true;
        expectStartNanos = System.nanoTime();
        user.lane().schedule(w.timeoutMs(), () -> user.tell(new UserActor.Resume(mine)));
        return false;
      }
      default -> {
        close();
        return true;
      }
    }
  }

  /** Whether the user waits for a message (an expect step). */
  boolean expecting() {
    return expecting;
  }

  /** The action ended: no message is waited for any more. */
  void stopExpecting() {
    expecting = false;
  }

  /** The expect step's time ran out with no message: the action fails (which stops expecting). */
  void timedOut() {
    CompiledWebSocket w = user.currentWebSocket(-1);
    user.finish(w.label() + ": no message within " + w.timeoutMs() + " ms");
  }

  void close() {
    if (ws != null) {
      ws.close();
      ws = null;
    }
    inbox = null;
  }

  void opened(UserActor.WsOpened o) {
    CompiledWebSocket w = user.currentWebSocket(o.seq());
    if (w == null) {
      o.ws().close(); // the action ended meanwhile
      return;
    }
    ws = o.ws();
    user.addLatencyUs(o.latencyUs());
    user.note("ws " + w.label() + ": open after " + o.latencyUs() / 1000.0 + " ms");
    user.stepDone();
  }

  void message(UserActor.WsMessage m) {
    if (m.ws() != ws) {
      return;
    }
    user.note("ws message: " + m.text());
    if (!expecting) {
      if (inbox == null) {
        inbox = new ArrayDeque<>();
      }
      if (inbox.size() == MAX_INBOX) {
        inbox.poll();
      }
      inbox.add(m.text());
      return;
    }
    expecting = false;
    user.voidTimers(); // the expect's timeout is void
    long waitedUs = (System.nanoTime() - expectStartNanos) / 1000;
    user.addLatencyUs(waitedUs);
    CompiledWebSocket w = user.currentWebSocket(-1);
    String failure = w.verify(m.text(), waitedUs, user, user.slots());
    if (failure != null) {
      user.finish(failure);
      return;
    }
    user.stepDone();
  }

  void closed(UserActor.WsClosed c) {
    boolean current = c.ws() != null && c.ws() == ws;
    user.note("ws closed: " + c.reason());
    if (current) {
      ws = null;
    }
    CompiledWebSocket w = user.currentWebSocket(-1); // null when the user is not acting
    boolean connecting = user.isCurrent(c.seq()) && w != null && !current && c.ws() != ws;
    if ((current && expecting) || connecting) {
      user.finish(w.label() + ": " + c.reason());
    }
  }
}
