package io.vox.node.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.vox.node.user.HttpLane.WebSocketHandle;
import io.vox.node.user.HttpLane.WebSocketListener;

/** One user's WebSocket: reports its handshake, its text messages and its end to the listener. */
final class WsConnection extends SimpleChannelInboundHandler<TextWebSocketFrame>
    implements WebSocketHandle {
  private final PooledLane lane;
  private final WebSocketListener listener;
  private final long startNanos = System.nanoTime();
  private Channel channel;
  private boolean open;
  private boolean ended;

  WsConnection(PooledLane lane, WebSocketListener listener) {
    this.lane = lane;
    this.listener = listener;
  }

  void attach(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      open = true;
      listener.opened(this, (System.nanoTime() - startNanos) / 1000);
    } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      end("handshake timed out");
      ctx.close();
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    listener.message(this, frame.text());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end(open ? "closed" : "closed before the handshake completed");
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    end((open ? "" : "handshake failed: ") + cause.getMessage());
    ctx.close();
  }

  /** Ends it with {@code reason}, once. */
  void end(String reason) {
    if (!ended) {
      ended = true;
      lane.wsEnded(this);
      listener.closed(this, reason);
    }
  }

  @Override
  public void send(String text) {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
    }
  }

  @Override
  public void close() {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
