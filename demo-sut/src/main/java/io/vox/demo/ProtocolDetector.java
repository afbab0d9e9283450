package io.vox.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import java.util.List;

/**
 * Serves HTTP/1.1 and HTTP/2 with prior knowledge (h2c) on one port: a connection that opens with
 * the HTTP/2 preface gets an HTTP/2 pipeline whose streams reach the same API handler, any other
 * the HTTP/1.1 one.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
  private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
  private final Runnable http1;
  private final DemoStats stats;
  private final int latencyMs;
  private final double errorRate;

  /** {@code http1} adds the HTTP/1.1 handlers to the pipeline. */
  ProtocolDetector(Runnable http1, DemoStats stats, int latencyMs, double errorRate) {
    this.http1 = http1;
    this.stats = stats;
    this.latencyMs = latencyMs;
    this.errorRate = errorRate;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.readableBytes());
    boolean prefix = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, n);
    if (prefix && n < PREFACE.readableBytes()) {
      return; // could still be HTTP/2: wait for more bytes
    }
    if (prefix) {
      ctx.pipeline()
          .addAfter(ctx.name(), "h2", Http2FrameCodecBuilder.forServer().build())
          .addAfter(
              "h2",
              "h2-streams",
              new Http2MultiplexHandler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel stream) {
                      stats.http2Streams.increment();
                      stream
                          .pipeline()
                          .addLast(
                              new Http2StreamFrameToHttpObjectCodec(true),
                              new HttpObjectAggregator(64 * 1024),
                              new VoxApiHandler(stats, latencyMs, errorRate));
                    }
                  }));
    } else {
      http1.run();
    }
    ctx.pipeline().remove(this); // hands the bytes read so far to the handlers just added
  }
}
