package org.tenantnat.runtime;

import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;

/**
 * Takes the packets switches send for a binding and hands them to the runtime in batches, on a thread of its own:
 * when it is idle a packet is bound at once; under a burst, every packet that arrived meanwhile is bound by one
 * commit. Each packet is released through the switch's pipeline once the switch confirmed its host's rules.
 */
final class Binder {

    private static final Logger log = LoggerFactory.getLogger(Binder.class);
    /** Packets waiting beyond this are dropped: the switch's meter already limits what comes. */
    private static final int MAX_WAITING = 65536;
    /** Most packets bound by one commit. */
    private static final int MAX_BATCH = 4096;

    /** A packet that asks for a binding. */
    static final class Request {
        private final ConnectPoint inPort;
        private final Ethernet frame;
        private final long cookie;
        private final long received = System.nanoTime();

        Request(ConnectPoint inPort, Ethernet frame, long cookie) {
            this.inPort = inPort;
            this.frame = frame;
            this.cookie = cookie;
        }

        /** When it reached the controller, as {@link System#nanoTime()}. */
        long received() {
            return received;
        }

        ConnectPoint inPort() {
            return inPort;
        }

        Ethernet frame() {
            return frame;
        }

        long cookie() {
            return cookie;
        }
    }

    /** A packet to release through a switch's pipeline once its rules are confirmed. */
    static final class Release {
        private final ConnectPoint inPort;
        private final Ethernet frame;
        private final CompletableFuture<Void> confirmed;
        private final long received;

        Release(Request request, ConnectPoint inPort, Ethernet frame, CompletableFuture<Void> confirmed) {
            this.inPort = inPort;
            this.frame = frame;
            this.confirmed = confirmed;
            this.received = request.received();
        }
    }

    /** Binds a batch of packets. */
    interface BatchBinder {
        /**
         * Binds the hosts of a batch of packets.
         *
         * @param batch packets
         * @return the packets to release, each with the confirmation it waits for
         */
        List<Release> bind(List<Request> batch);
    }

    private final BlockingQueue<Request> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    /**
     * Packets queued and not yet bound, counted before they enter the queue: what {@link #awaitIdle} waits for. (A
     * count of the queue and of the batch in hand would read 0 between taking a packet and counting it.)
     */
    private int pending;
    private final BatchBinder binder;
    private final Southbound southbound;
    private final LongConsumer setup;
    private Thread thread;

    /**
     * Creates a binder.
     *
     * @param binder     binds a batch
     * @param southbound releases the packets
     * @param setup      hears each released packet's setup time: nanoseconds from reaching the host to release
     */
    Binder(BatchBinder binder, Southbound southbound, LongConsumer setup) {
        this.binder = binder;
        this.southbound = southbound;
        this.setup = setup;
    }

    /** Starts the binding thread. */
    synchronized void start(ThreadFactory threads) {
        if (thread == null) {
            thread = threads.newThread(this::run);
            thread.start();
        }
    }

    /** Stops the binding thread; packets still waiting are dropped. */
    synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
        waiting.clear();
        pending = 0;
        notifyAll();
    }

    /** Queues a packet; dropped when too many wait. */
    void request(Request request) {
        synchronized (this) {
            pending++;
        }
        if (!waiting.offer(request)) {
            log.warn("dropping a packet from {}: {} packets already wait for a binding", request.inPort(),
                     MAX_WAITING);
            done(1);
        }
    }

    private synchronized void done(int packets) {
        pending = Math.max(0, pending - packets);
        notifyAll();
    }

    /**
     * Waits until every packet queued so far has been bound (or refused).
     *
     * @param timeout most time to wait
     * @return true when idle
     * @throws InterruptedException when interrupted
     */
    synchronized boolean awaitIdle(long timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        while (pending > 0) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 10));
        }
        return true;
    }

    // The packets that wait for the same confirmation leave together, per port, once it comes.
    private void releaseOnConfirmation(List<Release> releases) {
        Map<CompletableFuture<Void>, Map<ConnectPoint, List<Release>>> byConfirmation = new IdentityHashMap<>();
        for (Release r : releases) {
            byConfirmation.computeIfAbsent(r.confirmed, c -> new LinkedHashMap<>())
                    .computeIfAbsent(r.inPort, p -> new ArrayList<>()).add(r);
        }
        byConfirmation.forEach((confirmed, byPort) -> confirmed.whenComplete((ok, error) -> {
            if (error != null) {
                return;
            }
            byPort.forEach((port, packets) -> {
                List<Ethernet> frames = new ArrayList<>(packets.size());
                packets.forEach(r -> frames.add(r.frame));
                southbound.packetsThroughPipeline(port, frames);
                long now = System.nanoTime();
                packets.forEach(r -> setup.accept(now - r.received));
            });
        }));
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(waiting.take());
                waiting.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                releaseOnConfirmation(binder.bind(batch));
            } catch (RuntimeException e) {
                log.warn("binding {} packets failed; they are dropped", batch.size(), e);
            }
            done(batch.size());
            batch.clear();
        }
    }
}
