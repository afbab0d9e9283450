package io.vox.node.user;

import io.vox.messaging.UserResult;
import io.vox.messaging.actor.Actor;
import io.vox.messaging.actor.ActorStats;
import java.util.regex.Matcher;

/**
 * One simulated user. It lives on one lane (event loop): it connects (e.g. logs in and keeps its
 * token), then performs each bulk action it is told, measures it and reports it. Nothing blocks:
 * every response is a message back to the same actor.
 */
final class UserActor extends Actor<UserActor.Msg> {
  sealed interface Msg permits Connect, Act, Response {}

  record Connect() implements Msg {}

  record Act(int action, long intendedUs) implements Msg {}

  record Response(int action, int status, String body, long startUs, long latencyUs, String error)
      implements Msg {}

  private static final Connect CONNECT = new Connect();
  private final long user;
  private final RunUsers run;
  private final HttpLane lane;
  private String token;
  private boolean connected;
  private int busyWith;
  private long intendedUs;

  UserActor(long user, RunUsers run, HttpLane lane, int throughput, ActorStats stats) {
    super(lane.executor(), throughput, stats);
    this.user = user;
    this.run = run;
    this.lane = lane;
  }

  void connect() {
    tell(CONNECT);
  }

  @Override
  protected void receive(Msg msg) {
    if (msg instanceof Response r) {
      finish(r);
    } else if (msg instanceof Act a) {
      startAction(a.action(), a.intendedUs());
    } else {
      startConnect();
    }
  }

  private void startConnect() {
    RunSpec spec = run.spec();
    if (!spec.hasConnect()) {
      connected = true;
      run.connectDone(true);
      return;
    }
    lane.send(
        new HttpLane.HttpCall(
            spec.connectMethod(),
            spec.connectPath().render(user, null, 0),
            spec.connectBody() == null ? null : spec.connectBody().render(user, null, 0),
            null,
            spec.tokenPattern() != null),
        (status, body, startUs, latencyUs, error) ->
            tell(new Response(0, status, body, startUs, latencyUs, error)));
  }

  private void startAction(int action, long intended) {
    if (!connected) {
      run.report(new UserResult(user, action, intended, run.nowUs(), 0, 0, "not connected"));
      return;
    }
    if (busyWith != 0) {
      run.report(
          new UserResult(
              user, action, intended, run.nowUs(), 0, 0, "still busy with action " + busyWith));
      return;
    }
    busyWith = action;
    intendedUs = intended;
    RunSpec spec = run.spec();
    lane.send(
        new HttpLane.HttpCall(
            spec.actionMethod(),
            spec.actionPath().render(user, token, action),
            spec.actionBody() == null ? null : spec.actionBody().render(user, token, action),
            token,
            false),
        (status, body, startUs, latencyUs, error) ->
            tell(new Response(action, status, null, startUs, latencyUs, error)));
  }

  private void finish(Response r) {
    if (r.action() == 0) {
      connected = r.error() == null && r.status() / 100 == 2 && extractToken(r.body());
      run.connectDone(connected);
      return;
    }
    busyWith = 0;
    String error = r.error();
    if (error == null && r.status() / 100 != 2) {
      error = "HTTP " + r.status();
    }
    run.report(
        new UserResult(
            user, r.action(), intendedUs, r.startUs(), r.latencyUs(), r.status(), error));
  }

  private boolean extractToken(String body) {
    if (run.spec().tokenPattern() == null) {
      return true;
    }
    if (body == null) {
      return false;
    }
    Matcher m = run.spec().tokenPattern().matcher(body);
    if (!m.find()) {
      return false;
    }
    token = m.group(1);
    return true;
  }

  @Override
  protected void onFailure(Msg msg, RuntimeException failure) {
    super.onFailure(msg, failure);
    if (msg instanceof Act a) {
      run.report(
          new UserResult(
              user, a.action(), a.intendedUs(), run.nowUs(), 0, 0, "user failed: " + failure));
    } else if (msg instanceof Response r && r.action() != 0) {
      busyWith = 0;
      run.report(
          new UserResult(
              user, r.action(), intendedUs, r.startUs(), 0, 0, "user failed: " + failure));
    } else {
      run.connectDone(false);
    }
  }
}
