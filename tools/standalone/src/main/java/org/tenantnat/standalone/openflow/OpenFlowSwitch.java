package org.tenantnat.standalone.openflow;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connected OpenFlow 1.3 switch: sends messages and correlates the switch's replies and errors with the
 * requests that caused them (by transaction id). The connection's I/O thread only matches replies to requests; the
 * requests' futures complete on the controller's reply thread, so a requester that blocks in its callback (the
 * runtime waiting for its lock) never stops the connection from being read: the switch would queue and then drop
 * the packet-ins it cannot send.
 */
public final class OpenFlowSwitch {

    private static final Logger log = LoggerFactory.getLogger(OpenFlowSwitch.class);
    /** Size at which a batch's buffer is written out: large enough for few writes, small enough to pipeline. */
    private static final int CHUNK_BYTES = 64 * 1024;
    /** Offset of the xid in the OpenFlow header (version, type, length, xid). */
    private static final int XID_OFFSET = 4;
    /**
     * Time a batch's barrier may take per message, on top of the request timeout: Open vSwitch's userspace datapath
     * adds a few ten thousand flows a second, far fewer on a loaded host, so a reconciliation of 200,000 rules may
     * legitimately take a minute. A switch that stopped working is still dropped by the echo probe.
     */
    private static final long BARRIER_MICROS_PER_MESSAGE = 500;

    private final Channel channel;
    private final DeviceId deviceId;
    private final Duration requestTimeout;
    private final OpenFlowObserver observer;
    private final Executor replies;
    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
    private final AtomicLong xids = new AtomicLong();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** Batches waiting for their barrier, by the first xid of their block (their messages' xids follow it). */
    private final NavigableMap<Long, Batch> batches = new ConcurrentSkipListMap<>();
    private volatile SwitchDescription description;

    OpenFlowSwitch(Channel channel, DeviceId deviceId, Duration requestTimeout, OpenFlowObserver observer,
                   Executor replies) {
        this.channel = channel;
        this.deviceId = deviceId;
        this.requestTimeout = requestTimeout;
        this.observer = observer;
        this.replies = replies;
    }

    /**
     * Returns the switch's device id.
     *
     * @return {@code of:} and the datapath id in hex
     */
    public DeviceId deviceId() {
        return deviceId;
    }

    /**
     * Returns what the switch said about itself; null until its handshake has finished.
     *
     * @return description
     */
    public SwitchDescription description() {
        return description;
    }

    void description(SwitchDescription description) {
        this.description = description;
    }

    /**
     * Returns the OpenFlow 1.3 factory to build messages for this switch.
     *
     * @return factory
     */
    public OFFactory factory() {
        return factory;
    }

    /**
     * Returns a fresh transaction id.
     *
     * @return xid, never 0
     */
    public long nextXid() {
        long xid;
        do {
            xid = xids.incrementAndGet() & 0xffffffffL;
        } while (xid == 0);
        return xid;
    }

    /**
     * Tells whether the connection is still open.
     *
     * @return true while connected
     */
    public boolean isConnected() {
        return channel.isActive();
    }

    /**
     * Sends a message without waiting for any answer.
     *
     * @param message message
     */
    public void send(OFMessage message) {
        channel.writeAndFlush(message, channel.voidPromise());
    }

    /**
     * Sends messages without waiting for any answer, encoded together: a few writes and flushes for the lot (the
     * packets a batch of bindings releases) instead of one per message.
     *
     * @param messages messages; they are sent with fresh xids
     */
    public void sendAll(List<? extends OFMessage> messages) {
        if (!messages.isEmpty()) {
            channel.writeAndFlush(encode(messages, reserveXids(messages.size())), channel.voidPromise());
        }
    }

    /**
     * Sends a multipart request and collects every part of the reply.
     *
     * @param request request; its xid is replaced by a fresh one
     * @param <R>     reply type
     * @return completes with the reply parts, fails on an error, timeout or disconnection
     */
    @SuppressWarnings("unchecked")
    public <R extends OFStatsReply> CompletableFuture<List<R>> stats(OFStatsRequest<R> request) {
        long xid = nextXid();
        OFStatsRequest<R> withXid = (OFStatsRequest<R>) request.createBuilder().setXid(xid).build();
        StatsRequest<R> stats = new StatsRequest<>(xid, withXid);
        register(stats, "no reply to " + request.getStatsType() + " request", requestTimeout);
        send(withXid);
        return stats.future;
    }

    /**
     * Sends messages followed by a barrier. The switch processes them in order and answers the barrier only after
     * all of them, so an error for any of them arrives before the barrier reply.
     *
     * <p>The messages are encoded here, on the caller's thread, into buffers of about {@value #CHUNK_BYTES} bytes,
     * each written and flushed as it fills: one write per buffer instead of one per message, and the switch starts
     * on the first buffer while the next is being encoded.
     *
     * <p>The list is read once to send and kept until the barrier, to describe a message the switch rejects: it may
     * be a view that builds each message when read (large batches then never hold all their messages at once), and
     * must give the same messages each time.
     *
     * @param messages messages, typically flow-mods; they are sent with fresh xids, one block per batch
     * @return completes on the barrier reply when the switch reported no error; fails with the switch's error text
     *         for the first message it rejected, on timeout, or on disconnection
     */
    public CompletableFuture<Void> sendWithBarrier(List<? extends OFMessage> messages) {
        long firstXid = reserveXids(messages.size() + 1);
        long barrierXid = firstXid + messages.size();
        // Not copied: a batch of 200,000 flow-mods would stay on the heap until its barrier. The list is read again
        // only to describe a message the switch rejects.
        Batch batch = new Batch(firstXid, barrierXid, messages);
        batches.put(firstXid, batch);
        register(batch, "no barrier reply",
                 requestTimeout.plusNanos(TimeUnit.MICROSECONDS.toNanos(BARRIER_MICROS_PER_MESSAGE) * messages.size()));
        ByteBuf last;
        try {
            last = encode(messages, firstXid);
        } catch (RuntimeException e) {
            fail(batch, "cannot encode a message for " + deviceId + ": " + e);
            return batch.future;
        }
        factory.buildBarrierRequest().setXid(barrierXid).build().writeTo(last);
        channel.writeAndFlush(last, channel.voidPromise());
        return batch.future;
    }

    /**
     * Encodes messages with consecutive xids from firstXid into buffers of about {@value #CHUNK_BYTES} bytes,
     * writing and flushing each full one, and returns the last, not yet written (the caller may add to it).
     */
    private ByteBuf encode(List<? extends OFMessage> messages, long firstXid) {
        ByteBuf buffer = channel.alloc().buffer(CHUNK_BYTES);
        try {
            long xid = firstXid;
            for (OFMessage message : messages) {
                int start = buffer.writerIndex();
                message.writeTo(buffer);
                // Every OpenFlow header carries the xid at bytes 4..7: stamp it without rebuilding the message.
                buffer.setInt(start + XID_OFFSET, (int) xid++);
                if (buffer.readableBytes() >= CHUNK_BYTES) {
                    channel.writeAndFlush(buffer, channel.voidPromise());
                    buffer = channel.alloc().buffer(CHUNK_BYTES);
                }
            }
            return buffer;
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
    }

    /** Reserves count consecutive xids that do not wrap past 0xffffffff (0 is never used) and returns the first. */
    private long reserveXids(int count) {
        while (true) {
            long last = xids.addAndGet(count);
            long first = last - count + 1;
            if ((first & ~0xffffffffL) == (last & ~0xffffffffL) && (first & 0xffffffffL) != 0) {
                return first & 0xffffffffL;
            }
            // The block would wrap or start at 0: skip past it.
        }
    }

    private void register(Pending request, String timeoutText, Duration timeout) {
        pending.put(request.xid(), request);
        if (!channel.isActive()) {
            fail(request, "switch " + deviceId + " is not connected");
            return;
        }
        ScheduledFuture<?> timer = channel.eventLoop().schedule(
                () -> fail(request, timeoutText + " from " + deviceId + " within " + timeout.toMillis() + " ms"),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Else the timer keeps an answered request (a batch holds every message it sent) until its timeout.
        request.done().whenComplete((result, error) -> timer.cancel(false));
    }

    private void fail(Pending request, String reason) {
        if (forget(request)) {
            request.fail(new OpenFlowException(reason));
        }
    }

    /** Stops waiting for a request; tells whether it was still waiting. */
    private boolean forget(Pending request) {
        if (request instanceof Batch) {
            batches.remove(((Batch) request).firstXid, request);
        }
        return pending.remove(request.xid(), request);
    }

    /** Completes a request's future on the reply thread; at once when that thread is gone (controller stopped). */
    private <T> void complete(CompletableFuture<T> future, T value, Throwable error) {
        Runnable completion = () -> {
            if (error == null) {
                future.complete(value);
            } else {
                future.completeExceptionally(error);
            }
        };
        try {
            replies.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    /**
     * Passes a reply or error to the request waiting for it.
     *
     * @param message message from the switch
     * @return true when a request consumed it
     */
    boolean dispatch(OFMessage message) {
        Pending request = pending.get(message.getXid());
        if (request == null) {
            request = batchOf(message.getXid());
        }
        if (request == null) {
            return false;
        }
        if (request.accept(message)) {
            forget(request);
        }
        return true;
    }

    /** The batch whose block of xids holds this one, if it is still waiting. */
    private Batch batchOf(long xid) {
        Map.Entry<Long, Batch> entry = batches.floorEntry(xid);
        return entry != null && xid <= entry.getValue().barrierXid ? entry.getValue() : null;
    }

    /**
     * Fails every request still waiting: the connection is gone.
     */
    void disconnected() {
        for (Pending request : ImmutableSet.copyOf(pending.values())) {
            fail(request, "switch " + deviceId + " disconnected");
        }
    }

    /**
     * Returns where the switch connects from.
     *
     * @return remote address
     */
    SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /**
     * Closes the connection.
     */
    void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return deviceId + "@" + channel.remoteAddress();
    }

    /** A request waiting for the switch. */
    private interface Pending {
        /** The xid its answer ends with (a batch's barrier), under which it waits. */
        long xid();

        /** Takes a message with one of the request's xids; returns true when the request is complete. */
        boolean accept(OFMessage message);

        void fail(Throwable cause);

        /** Completes when the request is answered or failed. */
        CompletableFuture<?> done();
    }

    private final class StatsRequest<R extends OFStatsReply> implements Pending {
        private final long xid;
        private final OFStatsRequest<R> request;
        private final List<R> parts = new ArrayList<>();
        private final CompletableFuture<List<R>> future = new CompletableFuture<>();

        private StatsRequest(long xid, OFStatsRequest<R> request) {
            this.xid = xid;
            this.request = request;
        }

        @Override
        public long xid() {
            return xid;
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean accept(OFMessage message) {
            if (message instanceof OFErrorMsg) {
                complete(future, null, new OpenFlowException(
                        "switch " + deviceId + " rejected " + request.getStatsType() + " request: "
                                + OpenFlowErrors.describe((OFErrorMsg) message)));
                return true;
            }
            if (!(message instanceof OFStatsReply)) {
                log.warn("{}: unexpected {} for {} request", deviceId, message.getType(), request.getStatsType());
                return false;
            }
            OFStatsReply reply = (OFStatsReply) message;
            parts.add((R) reply);
            if (reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                return false;
            }
            complete(future, ImmutableList.copyOf(parts), null);
            return true;
        }

        @Override
        public void fail(Throwable cause) {
            complete(future, null, cause);
        }

        @Override
        public CompletableFuture<?> done() {
            return future;
        }
    }

    private final class Batch implements Pending {
        private final long firstXid;
        private final long barrierXid;
        private final List<? extends OFMessage> sent;
        private final List<String> errors = new ArrayList<>();
        private final CompletableFuture<Void> future = new CompletableFuture<>();
        private final long sentNanos = System.nanoTime();

        private Batch(long firstXid, long barrierXid, List<? extends OFMessage> sent) {
            this.firstXid = firstXid;
            this.barrierXid = barrierXid;
            this.sent = sent;
        }

        @Override
        public long xid() {
            return barrierXid;
        }

        @Override
        public boolean accept(OFMessage message) {
            if (message instanceof OFErrorMsg) {
                long xid = message.getXid();
                String text = OpenFlowErrors.describe((OFErrorMsg) message) + " for "
                        + (xid == barrierXid ? "barrier" : OpenFlowErrors.summary(sent.get((int) (xid - firstXid))));
                log.warn("{} rejected: {}", deviceId, text);
                errors.add(text);
                if (xid == barrierXid) {
                    fail(new OpenFlowException("switch " + deviceId + " rejected " + String.join("; ", errors)));
                    return true;
                }
                return false;
            }
            if (message instanceof OFBarrierReply && message.getXid() == barrierXid) {
                finish(errors.isEmpty() ? null : new OpenFlowException(
                        "switch " + deviceId + " rejected " + errors.size() + " of " + sent.size()
                                + " messages: " + String.join("; ", errors)));
                return true;
            }
            return false;
        }

        @Override
        public void fail(Throwable cause) {
            finish(cause);
        }

        // Timed here, as the answer comes: not when the reply thread gets to it.
        private void finish(Throwable error) {
            observer.batchDone(deviceId, sent.size(), System.nanoTime() - sentNanos, error == null);
            complete(future, null, error);
        }

        @Override
        public CompletableFuture<?> done() {
            return future;
        }
    }
}
