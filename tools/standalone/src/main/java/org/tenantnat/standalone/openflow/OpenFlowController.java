package org.tenantnat.standalone.openflow;

import com.google.common.collect.ImmutableSet;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The standalone host's OpenFlow 1.3 controller channel: listens for switches (several at once), runs their
 * handshake and keep-alive, and tells {@link SwitchListener}s about switches and packet-ins. Can be stopped and
 * started again; switches reconnect on their own.
 */
public final class OpenFlowController implements AutoCloseable {

    /** Default listen address: loopback, the IANA OpenFlow port. */
    public static final InetSocketAddress DEFAULT_ADDRESS =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 6653);
    /** Default time between echo requests (round-trip probes); a switch silent for twice that is dropped. */
    public static final Duration DEFAULT_ECHO_INTERVAL = Duration.ofSeconds(5);
    /** Default time a switch has to answer a request (handshake, statistics, barrier). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(OpenFlowController.class);
    private static final int MAX_MESSAGE = 0xffff;

    private final InetSocketAddress listenAddress;
    private final Duration echoInterval;
    private final Duration requestTimeout;
    private final Optional<OpenFlowTls> tls;
    private final OpenFlowObserver observer;
    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<DeviceId, OpenFlowSwitch> switches = new ConcurrentHashMap<>();

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ChannelGroup channels;
    private ExecutorService events;
    /** Completes the switches' requests (barrier and statistics replies), off their connections' I/O threads. */
    private ExecutorService replies;
    private Channel serverChannel;

    /**
     * Creates a controller with the default echo interval and request timeout.
     *
     * @param listenAddress address to listen on; port 0 picks a free port
     */
    public OpenFlowController(InetSocketAddress listenAddress) {
        this(listenAddress, DEFAULT_ECHO_INTERVAL, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Creates a controller.
     *
     * @param listenAddress  address to listen on; port 0 picks a free port
     * @param echoInterval   time between the echo requests that measure the round trip; a switch silent for
     *                       twice as long is dropped
     * @param requestTimeout time a switch has to finish its handshake and to answer a request
     */
    public OpenFlowController(InetSocketAddress listenAddress, Duration echoInterval, Duration requestTimeout) {
        this(listenAddress, echoInterval, requestTimeout, Optional.empty(), OpenFlowObserver.NONE);
    }

    /**
     * Creates a controller with the default echo interval and request timeout, TLS when given, and an observer of
     * what the channel measures.
     *
     * @param listenAddress address to listen on; port 0 picks a free port
     * @param tls           TLS settings; plain TCP when empty
     * @param observer      told of round trips, confirmed batches and refused handshakes
     */
    public OpenFlowController(InetSocketAddress listenAddress, Optional<OpenFlowTls> tls, OpenFlowObserver observer) {
        this(listenAddress, DEFAULT_ECHO_INTERVAL, DEFAULT_REQUEST_TIMEOUT, tls, observer);
    }

    /**
     * Creates a controller.
     *
     * @param listenAddress  address to listen on; port 0 picks a free port
     * @param echoInterval   time between the echo requests that measure the round trip; a switch silent for
     *                       twice as long is dropped
     * @param requestTimeout time a switch has to finish its handshake and to answer a request
     * @param tls            TLS settings; plain TCP when empty
     * @param observer       told of round trips, confirmed batches and refused handshakes
     */
    public OpenFlowController(InetSocketAddress listenAddress, Duration echoInterval, Duration requestTimeout,
                              Optional<OpenFlowTls> tls, OpenFlowObserver observer) {
        this.listenAddress = checkNotNull(listenAddress, "listenAddress");
        checkArgument(!echoInterval.isNegative() && !echoInterval.isZero(), "echoInterval must be positive");
        checkArgument(!requestTimeout.isNegative() && !requestTimeout.isZero(), "requestTimeout must be positive");
        this.echoInterval = echoInterval;
        this.requestTimeout = requestTimeout;
        this.tls = checkNotNull(tls, "tls");
        this.observer = checkNotNull(observer, "observer");
    }

    /**
     * Adds a listener for switch and packet events.
     *
     * @param listener listener
     */
    public void addListener(SwitchListener listener) {
        listeners.add(checkNotNull(listener, "listener"));
    }

    /**
     * Removes a listener.
     *
     * @param listener listener
     */
    public void removeListener(SwitchListener listener) {
        listeners.remove(listener);
    }

    /**
     * Starts listening.
     *
     * @return the address actually bound (with the chosen port when the configured port is 0)
     * @throws IOException when the address cannot be bound
     * @throws IllegalStateException when already started
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (serverChannel != null) {
            throw new IllegalStateException("OpenFlow controller already started on " + localAddress());
        }
        bossGroup = new NioEventLoopGroup(1);
        workerGroup = new NioEventLoopGroup();
        channels = new DefaultChannelGroup("openflow-switches", GlobalEventExecutor.INSTANCE);
        events = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tenantnat-openflow-events");
            thread.setDaemon(true);
            return thread;
        });
        replies = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tenantnat-openflow-replies");
            thread.setDaemon(true);
            return thread;
        });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        tls.ifPresent(t -> channel.pipeline().addLast("tls", t.newHandler(channel.alloc())));
                        channel.pipeline()
                                .addLast("idle", new IdleStateHandler(echoInterval.toMillis(), 0, 0,
                                                                      TimeUnit.MILLISECONDS))
                                .addLast("frame", new LengthFieldBasedFrameDecoder(MAX_MESSAGE, 2, 2, -4, 0))
                                .addLast("decode", new OFMessageDecoder())
                                .addLast("encode", new OFMessageEncoder())
                                .addLast("switch", new SwitchChannelHandler(OpenFlowController.this,
                                                                            echoInterval, requestTimeout));
                    }
                });
        try {
            serverChannel = bootstrap.bind(listenAddress).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IOException("cannot listen for OpenFlow switches on " + listenAddress + ": " + e, e);
        }
        log.info("OpenFlow controller listening on {}{}", localAddress(),
                 tls.isPresent() ? " (TLS, switch certificates required)" : "");
        return localAddress();
    }

    /**
     * Stops listening and closes every switch connection; listeners hear {@code switchDisconnected} for each
     * connected switch before this returns. Does nothing when not started.
     */
    public synchronized void stop() {
        if (serverChannel == null) {
            return;
        }
        InetSocketAddress address = localAddress();
        serverChannel.close().syncUninterruptibly();
        channels.close().awaitUninterruptibly();
        serverChannel = null;
        shutdownGroups();
        log.info("OpenFlow controller on {} stopped", address);
    }

    private void shutdownGroups() {
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        // Queued events (the disconnections above) and the requests they failed are still delivered.
        for (ExecutorService executor : List.of(replies, events)) {
            executor.shutdown();
            try {
                executor.awaitTermination(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Returns the bound address.
     *
     * @return address, null when not started
     */
    public synchronized InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Returns the time a switch has to answer a request.
     *
     * @return timeout
     */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * Returns the observer of what the channel measures.
     *
     * @return observer
     */
    OpenFlowObserver observer() {
        return observer;
    }

    /**
     * Returns where the switches' requests complete: one thread, so a switch's replies are handed over in the order
     * they came.
     *
     * @return executor
     */
    Executor replies() {
        return replies;
    }

    /**
     * Returns the switches connected now (handshake finished).
     *
     * @return device ids
     */
    public Set<DeviceId> switches() {
        return ImmutableSet.copyOf(switches.keySet());
    }

    /**
     * Returns a connected switch.
     *
     * @param device device id
     * @return the switch, empty when not connected
     */
    public Optional<OpenFlowSwitch> getSwitch(DeviceId device) {
        return Optional.ofNullable(switches.get(device));
    }

    void switchReady(OpenFlowSwitch sw) {
        OpenFlowSwitch previous = switches.put(sw.deviceId(), sw);
        if (previous != null) {
            log.warn("switch {} connected again from {}: closing its previous connection from {}", sw.deviceId(),
                     sw.remoteAddress(), previous.remoteAddress());
            previous.close();
        }
        SwitchDescription description = sw.description();
        post(listener -> listener.switchConnected(sw.deviceId(), description));
    }

    void switchClosed(OpenFlowSwitch sw) {
        if (switches.remove(sw.deviceId(), sw)) {
            log.info("switch {} disconnected", sw.deviceId());
            post(listener -> listener.switchDisconnected(sw.deviceId()));
        }
    }

    void portStatus(OpenFlowSwitch sw, OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        if (Integer.compareUnsigned(desc.getPortNo().getPortNumber(), OFPort.MAX.getPortNumber()) >= 0) {
            // The bridge's own (LOCAL) port carries no link.
            return;
        }
        boolean up = status.getReason() != OFPortReason.DELETE && !desc.getState().contains(OFPortState.LINK_DOWN)
                && !desc.getConfig().contains(OFPortConfig.PORT_DOWN);
        ConnectPoint port = new ConnectPoint(sw.deviceId(), PortNumber.portNumber(desc.getPortNo().getPortNumber()));
        post(listener -> listener.portChanged(port, up));
    }

    void packetIn(OpenFlowSwitch sw, OFPacketIn packetIn) {
        OFPort inPort = packetIn.getMatch().get(MatchField.IN_PORT);
        if (inPort == null) {
            log.warn("switch {} sent a packet-in without in_port; dropped", sw.deviceId());
            return;
        }
        byte[] data = packetIn.getData();
        Ethernet frame;
        try {
            frame = Ethernet.deserializer().deserialize(data, 0, data.length);
        } catch (DeserializationException e) {
            log.warn("switch {} sent a packet-in that is not an Ethernet frame ({}); dropped", sw.deviceId(),
                     e.getMessage());
            return;
        }
        ConnectPoint port = new ConnectPoint(sw.deviceId(), PortNumber.portNumber(inPort.getPortNumber()));
        long cookie = packetIn.getCookie().getValue();
        post(listener -> listener.packetIn(port, frame, cookie));
    }

    void flowRemoved(OpenFlowSwitch sw, OFFlowRemoved removed) {
        post(listener -> listener.flowRemoved(sw.deviceId(), removed));
    }

    private void post(Consumer<SwitchListener> event) {
        events.execute(() -> {
            for (SwitchListener listener : listeners) {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    log.warn("switch listener {} failed", listener, e);
                }
            }
        });
    }
}
