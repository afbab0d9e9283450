package io.vox.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The routes of the demo API. Tokens are signed, so checking one needs no shared state. */
final class VoxApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Pattern USER = Pattern.compile("\"user\"\\s*:\\s*\"([^\"]{1,100})\"");
  private static final Pattern PASSWORD =
      Pattern.compile("\"password\"\\s*:\\s*\"([^\"]{0,100})\"");
  private static final Pattern SESSION = Pattern.compile("(?:^|;\\s*)vox_session=([^;]+)");
  private static final Pattern ITEM = Pattern.compile("/api/items/(\\d{1,9})");
  private static final AtomicLong IDS = new AtomicLong();
  private final DemoStats stats;
  private final int latencyMs;
  private final double errorRate;

  VoxApiHandler(DemoStats stats, int latencyMs, double errorRate) {
    this.stats = stats;
    this.latencyMs = latencyMs;
    this.errorRate = errorRate;
  }

  static String tokenFor(String user) {
    return user + "." + Integer.toHexString((user + "/vox-demo").hashCode());
  }

  /** The password of demo user {@code user}: {@code pw-} and the user name. */
  static String passwordFor(String user) {
    return "pw-" + user;
  }

  static boolean valid(String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    return dot > 0 && tokenFor(token.substring(0, dot)).equals(token);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    FullHttpResponse res = route(req);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    long stalledNanos = stall(req.uri());
    if (stalledNanos > 0) {
      ctx.executor().schedule(() -> write(ctx, res, keepAlive), stalledNanos, TimeUnit.NANOSECONDS);
    } else if (latencyMs > 0) {
      ctx.executor().schedule(() -> write(ctx, res, keepAlive), latencyMs, TimeUnit.MILLISECONDS);
    } else {
      write(ctx, res, keepAlive);
    }
  }

  /**
   * {@code /api/stall?ms=N}: the first call opens a window of N ms; every call arriving inside it
   * is answered when it closes (a system that stops for a while), later calls at once. Returns how
   * long to hold this response. All on the server's one event loop, so no lock is needed.
   */
  private long stall(String uri) {
    if (!uri.startsWith("/api/stall")) {
      return 0;
    }
    long now = System.nanoTime();
    if (stats.stallEndNanos == 0) {
      int q = uri.indexOf("ms=");
      long ms = q < 0 ? 1000 : Long.parseLong(uri.substring(q + 3).replaceAll("[^0-9].*$", ""));
      stats.stallEndNanos = now + TimeUnit.MILLISECONDS.toNanos(ms);
    }
    return Math.max(0, stats.stallEndNanos - now);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse res, boolean keepAlive) {
    if (keepAlive) {
      ctx.writeAndFlush(res, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse route(FullHttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    if (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate) {
      return json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "{\"error\":\"injected failure\"}");
    }
    if (path.equals("/api/ping") || path.equals("/api/stall")) {
      return json(HttpResponseStatus.OK, "{\"pong\":true}");
    }
    if (path.equals("/api/stats")) {
      return json(
          HttpResponseStatus.OK,
          "{\"logins\":"
              + stats.logins()
              + ",\"messages\":"
              + stats.messages()
              + ",\"feeds\":"
              + stats.feeds()
              + "}");
    }
    if (path.equals("/api/login") && req.method().equals(HttpMethod.POST)) {
      Matcher m = USER.matcher(req.content().toString(StandardCharsets.UTF_8));
      if (!m.find()) {
        return json(HttpResponseStatus.BAD_REQUEST, "{\"error\":\"body needs a user\"}");
      }
      Matcher p = PASSWORD.matcher(req.content().toString(StandardCharsets.UTF_8));
      if (p.find() && !p.group(1).equals(passwordFor(m.group(1)))) {
        stats.badLogins.increment();
        return json(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"bad credentials\"}");
      }
      stats.logins.increment();
      String token = tokenFor(m.group(1));
      FullHttpResponse res = json(HttpResponseStatus.OK, "{\"token\":\"" + token + "\"}");
      res.headers().add(HttpHeaderNames.SET_COOKIE, "vox_session=" + token + "; Path=/; HttpOnly");
      res.headers().set("X-User", m.group(1));
      return res;
    }
    if (path.equals("/api/me") && req.method().equals(HttpMethod.GET)) {
      String cookie = req.headers().get(HttpHeaderNames.COOKIE);
      Matcher c = SESSION.matcher(cookie == null ? "" : cookie);
      if (!c.find() || !valid(c.group(1))) {
        stats.unauthorized.increment();
        return json(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"no session cookie\"}");
      }
      stats.profiles.increment();
      String user = c.group(1).substring(0, c.group(1).lastIndexOf('.'));
      return json(HttpResponseStatus.OK, "{\"user\":\"" + user + "\",\"plan\":\"free\"}");
    }
    String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    Matcher item = ITEM.matcher(path);
    boolean isItem = item.matches();
    boolean known = path.equals("/api/messages") || path.equals("/api/feed") || isItem;
    if (known && !valid(token)) {
      stats.unauthorized.increment();
      return json(HttpResponseStatus.UNAUTHORIZED, "{\"error\":\"missing or bad token\"}");
    }
    if (path.equals("/api/messages") && req.method().equals(HttpMethod.POST)) {
      stats.messages.increment();
      return json(HttpResponseStatus.CREATED, "{\"id\":" + IDS.incrementAndGet() + "}");
    }
    if (path.equals("/api/feed") && req.method().equals(HttpMethod.GET)) {
      stats.feeds.increment();
      return json(
          HttpResponseStatus.OK,
          "{\"items\":[{\"id\":1,\"text\":\"hello\"},{\"id\":2,\"text\":\"vox\"}]}");
    }
    if (isItem && req.method().equals(HttpMethod.GET)) {
      stats.items.increment();
      String id = item.group(1);
      return json(
          HttpResponseStatus.OK, "{\"id\":" + id + ",\"name\":\"item-" + id + "\",\"stock\":7}");
    }
    return json(HttpResponseStatus.NOT_FOUND, "{\"error\":\"no route " + path + "\"}");
  }

  private static FullHttpResponse json(HttpResponseStatus status, String body) {
    ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf);
  }
}
