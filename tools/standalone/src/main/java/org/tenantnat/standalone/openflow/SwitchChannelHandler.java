package org.tenantnat.standalone.openflow;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFeatures;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Drives one switch connection: HELLO with version negotiation (OpenFlow 1.3 only), FEATURES (datapath id),
 * SET_CONFIG (whole packets to the controller), DESC (manufacturer, hardware, software) and METER_FEATURES
 * (whether it has packet-rate meters), then steady state: echo
 * both ways, replies to pending requests, packet-in, port status. Drops the switch when it stops answering echo
 * requests or does not finish its handshake in time. Our echo requests carry the time they were sent, so every
 * reply gives a round trip; one goes out every echo interval.
 */
final class SwitchChannelHandler extends SimpleChannelInboundHandler<OFMessage> {

    private static final Logger log = LoggerFactory.getLogger(SwitchChannelHandler.class);

    /** Version bitmap bit of OpenFlow 1.3 (wire version 0x04). */
    private static final int OF13_BIT = 1 << 4;
    private static final int NO_BUFFER = 0xffff;
    /** Payload of our echo requests: the sending time from {@link System#nanoTime()}. */
    private static final int ECHO_STAMP_BYTES = Long.BYTES;
    /** OFPMBT_DROP: the bit of the drop band in a meter features' band types. */
    private static final int OFPMBT_DROP = 1;
    /** OFPMF_PKTPS: rates in packets per second, in a meter features' capabilities. */
    private static final long OFPMF_PKTPS = 1L << 1;

    private enum State { WAIT_HELLO, WAIT_FEATURES, WAIT_DESC, READY, CLOSED }

    private final OpenFlowController controller;
    private final Duration echoInterval;
    private final Duration requestTimeout;
    private final OFFactory factory = OFFactories.getFactory(OFVersion.OF_13);
    private State state = State.WAIT_HELLO;
    private OpenFlowSwitch sw;
    private ScheduledFuture<?> handshakeTimeout;
    private ScheduledFuture<?> echoProbe;
    /** A failed TLS handshake is logged once, not again as the decoder error that follows it. */
    private boolean handshakeFailed;

    SwitchChannelHandler(OpenFlowController controller, Duration echoInterval, Duration requestTimeout) {
        this.controller = controller;
        this.echoInterval = echoInterval;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.debug("connection from {}", ctx.channel().remoteAddress());
        ctx.writeAndFlush(factory.buildHello()
                                  .setXid(0)
                                  .setElements(List.of(factory.buildHelloElemVersionbitmap()
                                                               .setBitmaps(List.of(U32.of(OF13_BIT)))
                                                               .build()))
                                  .build());
        handshakeTimeout = ctx.executor().schedule(() -> {
            if (state != State.READY) {
                log.warn("{}: handshake not finished within {} ms (stuck in {}), closing", who(ctx),
                         requestTimeout.toMillis(), state);
                ctx.close();
            }
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        State was = state;
        state = State.CLOSED;
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        if (echoProbe != null) {
            echoProbe.cancel(false);
        }
        if (sw != null) {
            sw.disconnected();
            if (was == State.READY) {
                controller.switchClosed(sw);
            }
        }
        log.debug("connection from {} closed", ctx.channel().remoteAddress());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage message) {
        if (message.getType() == OFType.ECHO_REQUEST) {
            OFEchoRequest echo = (OFEchoRequest) message;
            ctx.writeAndFlush(factory.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
            return;
        }
        if (message.getType() == OFType.ECHO_REPLY) {
            roundTrip((OFEchoReply) message);
            return;
        }
        switch (state) {
            case WAIT_HELLO:
                onHello(ctx, message);
                break;
            case WAIT_FEATURES:
                onFeatures(ctx, message);
                break;
            case WAIT_DESC:
            case READY:
                onMessage(ctx, message);
                break;
            default:
                break;
        }
    }

    private void onHello(ChannelHandlerContext ctx, OFMessage message) {
        if (message.getType() != OFType.HELLO) {
            log.warn("{}: expected HELLO, got {}; closing", who(ctx), message.getType());
            ctx.close();
            return;
        }
        if (!speaksOpenFlow13((OFHello) message)) {
            log.warn("{}: switch does not speak OpenFlow 1.3 (HELLO version {}); closing", who(ctx),
                     message.getVersion());
            ctx.writeAndFlush(factory.errorMsgs().buildHelloFailedErrorMsg()
                                      .setCode(OFHelloFailedCode.INCOMPATIBLE)
                                      .build())
                    .addListener(f -> ctx.close());
            state = State.CLOSED;
            return;
        }
        state = State.WAIT_FEATURES;
        ctx.writeAndFlush(factory.buildFeaturesRequest().setXid(1).build());
    }

    /**
     * OpenFlow 1.3 is agreed when the switch's highest version is 1.3 or later (the agreed version is the lower of
     * the two highest: ours, 1.3) and, when it sends a version bitmap, the bitmap has 1.3.
     */
    private static boolean speaksOpenFlow13(OFHello hello) {
        if (hello.getVersion().compareTo(OFVersion.OF_13) < 0) {
            return false;
        }
        for (OFHelloElem element : hello.getElements()) {
            if (element instanceof OFHelloElemVersionbitmap) {
                List<U32> bitmaps = ((OFHelloElemVersionbitmap) element).getBitmaps();
                return !bitmaps.isEmpty() && (bitmaps.get(0).getValue() & OF13_BIT) != 0;
            }
        }
        return true;
    }

    private void onFeatures(ChannelHandlerContext ctx, OFMessage message) {
        if (message.getType() != OFType.FEATURES_REPLY) {
            log.debug("{}: ignoring {} before FEATURES_REPLY", who(ctx), message.getType());
            return;
        }
        OFFeaturesReply features = (OFFeaturesReply) message;
        long dpid = features.getDatapathId().getLong();
        sw = new OpenFlowSwitch(ctx.channel(), SwitchDescription.deviceId(dpid), requestTimeout,
                                controller.observer(), controller.replies());
        state = State.WAIT_DESC;
        // Whole packets to the controller: the switch buffers nothing and ARP frames arrive complete.
        sw.send(factory.buildSetConfig().setXid(sw.nextXid()).setMissSendLen(NO_BUFFER).build());
        sw.stats(factory.buildPortDescStatsRequest().build())
                .whenComplete((replies, error) -> logPorts(replies, error));
        // A switch without meters may refuse the question: then it has none.
        CompletableFuture<Boolean> packetMeters = sw.stats(factory.buildMeterFeaturesStatsRequest().build())
                .handle((replies, error) -> error == null && !replies.isEmpty()
                        && hasPacketMeters(replies.get(0).getFeatures()));
        sw.stats(factory.buildDescStatsRequest().build())
                .whenComplete((replies, error) -> {
                    if (error != null) {
                        log.warn("{}: no description: {}; closing", sw.deviceId(), error.getMessage());
                        ctx.close();
                        return;
                    }
                    packetMeters.thenAccept(meters -> ctx.executor().execute(
                            () -> onDescription(ctx, dpid, features.getNTables(), replies.get(0), meters)));
                });
    }

    /** A meter that counts packets per second and drops above its rate: what a punt meter needs. */
    private static boolean hasPacketMeters(OFMeterFeatures features) {
        return features.getMaxMeter() > 0 && (features.getBandTypes() & (1L << OFPMBT_DROP)) != 0
                && (features.getCapabilities() & OFPMF_PKTPS) != 0;
    }

    private void onDescription(ChannelHandlerContext ctx, long dpid, short tables, OFDescStatsReply desc,
                               boolean packetMeters) {
        if (state != State.WAIT_DESC) {
            return;
        }
        SwitchDescription description = new SwitchDescription(
                dpid, desc.getMfrDesc().trim(), desc.getHwDesc().trim(), desc.getSwDesc().trim(),
                desc.getSerialNum().trim(), desc.getDpDesc().trim(), tables & 0xff, packetMeters);
        sw.description(description);
        state = State.READY;
        handshakeTimeout.cancel(false);
        log.info("switch {} connected from {}: dpid {} manufacturer '{}' hardware '{}' software '{}', {} tables, {}{}",
                 sw.deviceId(), ctx.channel().remoteAddress(), String.format("0x%016x", dpid),
                 description.manufacturer(), description.hardware(), description.software(), description.tables(),
                 packetMeters ? "packet-rate meters" : "no packet-rate meters", tlsPeer(ctx));
        controller.switchReady(sw);
        echoProbe = ctx.executor().scheduleAtFixedRate(() -> sendEcho(ctx), echoInterval.toMillis(),
                                                       echoInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sendEcho(ChannelHandlerContext ctx) {
        byte[] stamp = ByteBuffer.allocate(ECHO_STAMP_BYTES).putLong(System.nanoTime()).array();
        ctx.writeAndFlush(factory.buildEchoRequest().setXid(sw == null ? 0 : sw.nextXid()).setData(stamp).build());
    }

    private void roundTrip(OFEchoReply reply) {
        byte[] data = reply.getData();
        if (sw != null && data.length == ECHO_STAMP_BYTES) {
            long nanos = System.nanoTime() - ByteBuffer.wrap(data).getLong();
            if (nanos >= 0 && nanos < echoInterval.toNanos() * 2) {
                controller.observer().echoRoundTrip(sw.deviceId(), nanos);
            }
        }
    }

    /** Who the switch's certificate says it is, for the log; empty without TLS. */
    private static String tlsPeer(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return "";
        }
        SSLSession session = tls.engine().getSession();
        try {
            Certificate[] chain = session.getPeerCertificates();
            String subject = chain.length > 0 && chain[0] instanceof X509Certificate
                    ? ((X509Certificate) chain[0]).getSubjectX500Principal().getName() : "?";
            return ", " + session.getProtocol() + " certificate '" + subject + "'";
        } catch (SSLPeerUnverifiedException e) {
            return ", " + session.getProtocol() + " without a verified certificate";
        }
    }

    private void logPorts(List<OFPortDescStatsReply> replies, Throwable error) {
        if (error != null) {
            log.warn("{}: no port description: {}", sw.deviceId(), error.getMessage());
            return;
        }
        String ports = replies.stream()
                .flatMap(r -> r.getEntries().stream())
                .map(SwitchChannelHandler::port)
                .collect(Collectors.joining(", "));
        log.info("switch {} ports: {}", sw.deviceId(), ports);
    }

    private static String port(OFPortDesc port) {
        return port.getPortNo() + " " + port.getName() + (port.getState().isEmpty() ? "" : " " + port.getState())
                + (port.getConfig().isEmpty() ? "" : " " + port.getConfig());
    }

    private void onMessage(ChannelHandlerContext ctx, OFMessage message) {
        if (sw.dispatch(message)) {
            return;
        }
        switch (message.getType()) {
            case PACKET_IN:
                if (state == State.READY) {
                    controller.packetIn(sw, (OFPacketIn) message);
                }
                break;
            case FLOW_REMOVED:
                if (state == State.READY) {
                    controller.flowRemoved(sw, (OFFlowRemoved) message);
                }
                break;
            case PORT_STATUS:
                OFPortStatus status = (OFPortStatus) message;
                log.info("switch {} port {}: {}", sw.deviceId(), status.getReason(), port(status.getDesc()));
                if (state == State.READY) {
                    controller.portStatus(sw, status);
                }
                break;
            case ERROR:
                log.warn("switch {} reported error {} (xid {}) for no pending request", sw.deviceId(),
                         OpenFlowErrors.describe((OFErrorMsg) message), message.getXid());
                break;
            default:
                log.debug("switch {}: ignored {}", sw.deviceId(), message.getType());
                break;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && ((IdleStateEvent) event).state() == IdleState.READER_IDLE) {
            if (((IdleStateEvent) event).isFirst()) {
                sendEcho(ctx);
            } else {
                log.warn("{}: no answer to echo request, dropping the switch", who(ctx));
                ctx.close();
            }
            return;
        }
        if (event instanceof SslHandshakeCompletionEvent && !((SslHandshakeCompletionEvent) event).isSuccess()) {
            String reason = String.valueOf(((SslHandshakeCompletionEvent) event).cause().getMessage());
            log.warn("{}: TLS handshake failed, connection refused: {}", ctx.channel().remoteAddress(), reason);
            controller.observer().tlsRefused(ctx.channel().remoteAddress(), reason);
            handshakeFailed = true;
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!handshakeFailed) {
            log.warn("{}: connection failed: {}", who(ctx), cause.toString());
        }
        ctx.close();
    }

    private Object who(ChannelHandlerContext ctx) {
        return sw != null ? sw.deviceId() : ctx.channel().remoteAddress();
    }
}
