package io.vox.demo;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * {@code /ws}: a WebSocket that answers each text message {@code m} with {@code
 * {"echo":"m","n":k}}, k counting the connection's messages from 1.
 */
final class WsEchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
  private final DemoStats stats;
  private int count;

  WsEchoHandler(DemoStats stats) {
    this.stats = stats;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    stats.wsMessages.increment();
    String text = frame.text().replace("\\", "\\\\").replace("\"", "\\\"");
    ctx.writeAndFlush(
        new TextWebSocketFrame("{\"echo\":\"" + text + "\",\"n\":" + ++count + "}"),
        ctx.voidPromise());
  }
}
