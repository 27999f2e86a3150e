package dev.hsresnet.deploy.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/1.1 connection, on its event loop: reads a request (headers, then the body, each
 * within its timeout), refuses bad framing and oversized bodies itself, hands the complete
 * request to the {@link Router} and reads nothing more until it is answered. Nothing here blocks,
 * so a client that sends one byte and stalls costs a timer, not a thread.
 *
 * <ul>
 *   <li>idle (waiting for a request): closed after {@link ServerOptions#idleTimeout()};
 *   <li>headers begun: 408 and closed after {@link ServerOptions#headerTimeout()};
 *   <li>body: 408 and closed after {@link ServerOptions#bodyTimeout()}; a {@code Content-Length}
 *       over {@link ServerOptions#maxBodyBytes()} is answered 413 before any of the body is read
 *       (and instead of {@code 100 Continue}), a chunked body 413 once it passes the limit.
 * </ul>
 *
 * <p>Add {@link #firstByteWatcher()} before the HTTP codec and this handler after it.
 */
final class HttpConnection extends ChannelDuplexHandler implements Call.Responder {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);

    private enum State { IDLE, HEADERS, BODY, HANDLING, CLOSING }

    /** How long a refused upload is read and dropped before the connection is closed. */
    private static final long LINGER_MILLIS = 1000;

    private final ServerOptions options;
    private final Metrics metrics;
    private final Consumer<PendingRequest> dispatcher;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;
    private HttpRequest head;
    private CompositeByteBuf body;
    private long receivedNanos;
    private boolean keepAlive;

    /** A complete request and the connection to answer on. */
    record PendingRequest(Request request, Call.Responder responder) {}

    /**
     * @param dispatcher takes each complete request; called on the event loop, must not block
     */
    HttpConnection(ServerOptions options, Metrics metrics, Consumer<PendingRequest> dispatcher) {
        this.options = options;
        this.metrics = metrics;
        this.dispatcher = dispatcher;
    }

    /** @return the handler that notices the first byte of a request (before the codec) */
    ChannelInboundHandlerAdapter firstByteWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (state == State.IDLE && msg instanceof ByteBuf b && b.isReadable()) {
                    state = State.HEADERS;
                    schedule(options.headerTimeout().toNanos(), () -> fail(408,
                            "request headers not received within "
                                    + options.headerTimeout().toMillis() + " ms"));
                }
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        ctx = c;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        idle();
        c.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        cancelTimer();
        releaseBody();
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        c.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        LOG.debug("connection {} failed: {}", c.channel().remoteAddress(), cause.toString());
        c.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (state == State.HANDLING) {
            held.add(msg); // pipelined: read once this request is answered
            return;
        }
        if (state == State.CLOSING) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest r) {
                onHead(r);
            }
            if (msg instanceof HttpContent content && state == State.BODY) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHead(HttpRequest r) {
        cancelTimer();
        DecoderResult result = r.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            int status = cause instanceof TooLongHttpHeaderException ? 431
                    : cause instanceof TooLongHttpLineException ? 414 : 400;
            fail(status, "malformed request: " + Router.clip(String.valueOf(cause.getMessage())));
            return;
        }
        receivedNanos = System.nanoTime();
        head = r; // before the checks, so that their errors count under the request's endpoint
        keepAlive = HttpUtil.isKeepAlive(r);
        long length;
        try {
            length = HttpUtil.getContentLength(r, -1L);
        } catch (NumberFormatException e) {
            fail(400, "bad Content-Length '" + Router.clip(r.headers().get(
                    HttpHeaderNames.CONTENT_LENGTH)) + "'");
            return;
        }
        if (length > options.maxBodyBytes()) {
            fail(413, "request body of " + length + " bytes is over the limit of "
                    + options.maxBodyBytes() + " bytes");
            return;
        }
        if (HttpUtil.is100ContinueExpected(r)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.CONTINUE));
        } else if (r.headers().contains(HttpHeaderNames.EXPECT)) {
            fail(417, "unsupported Expect '" + Router.clip(r.headers().get(
                    HttpHeaderNames.EXPECT)) + "'");
            return;
        }
        body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
        state = State.BODY;
        schedule(options.bodyTimeout().toNanos(), () -> fail(408, "request body not received "
                + "within " + options.bodyTimeout().toMillis() + " ms (" + body.readableBytes()
                + " bytes so far)"));
    }

    private void onContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            fail(400, "malformed request body: "
                    + Router.clip(String.valueOf(content.decoderResult().cause().getMessage())));
            return;
        }
        ByteBuf part = content.content();
        if ((long) body.readableBytes() + part.readableBytes() > options.maxBodyBytes()) {
            fail(413, "request body is over the limit of " + options.maxBodyBytes() + " bytes");
            return;
        }
        if (part.isReadable()) {
            body.addComponent(true, part.retain());
        }
        if (content instanceof LastHttpContent) {
            cancelTimer();
            byte[] bytes = new byte[body.readableBytes()];
            body.readBytes(bytes);
            releaseBody();
            Request request = Request.of(head.method().name(), head.uri(), head.headers(), bytes,
                    receivedNanos);
            head = null;
            state = State.HANDLING;
            ctx.channel().config().setAutoRead(false);
            dispatcher.accept(new PendingRequest(request, this));
        }
    }

    /** Answers from any thread; the write and what follows run on the event loop. */
    @Override
    public void respond(FullHttpResponse response, boolean close) {
        if (ctx.executor().inEventLoop()) {
            write(response, close);
        } else {
            ctx.executor().execute(() -> write(response, close));
        }
    }

    private void write(FullHttpResponse response, boolean close) {
        if (state != State.HANDLING || !ctx.channel().isActive()) {
            response.release();
            metrics.abandoned(); // the client went away before its answer
            return;
        }
        boolean last = close || !keepAlive;
        if (last) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            state = State.CLOSING;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        idle();
        ctx.channel().config().setAutoRead(true);
        while (!held.isEmpty() && state != State.HANDLING && state != State.CLOSING) {
            channelRead(ctx, held.poll());
        }
    }

    /** Answers an error itself (before dispatch) and closes the connection. */
    private void fail(int status, String message) {
        cancelTimer();
        releaseBody();
        if (state == State.CLOSING) {
            return;
        }
        state = State.CLOSING;
        metrics.request(head == null ? "other" : pathOf(head.uri()), status,
                receivedNanos == 0 ? 0 : (System.nanoTime() - receivedNanos) / 1e9);
        FullHttpResponse response = Call.errorResponse(status, message);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(f -> lingerThenClose());
    }

    /**
     * Closes the sending side and drops what the client still sends for a moment before closing:
     * closing at once while a client is still uploading resets the connection, and a reset
     * discards the error answer before the client reads it.
     */
    private void lingerThenClose() {
        if (ctx.channel() instanceof SocketChannel socket && socket.isActive()) {
            socket.shutdownOutput();
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }

    private void idle() {
        state = State.IDLE;
        receivedNanos = 0;
        schedule(options.idleTimeout().toNanos(), () -> {
            state = State.CLOSING;
            ctx.close();
        });
    }

    private void schedule(long nanos, Runnable action) {
        cancelTimer();
        timer = ctx.executor().schedule(action, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
