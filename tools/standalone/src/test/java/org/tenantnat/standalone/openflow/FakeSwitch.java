package org.tenantnat.standalone.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFeaturesStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * A scripted OpenFlow 1.3 switch over a plain socket, for protocol cases a real switch cannot be made to show
 * (an old version, silence, a vanished connection). Answers echo requests by itself.
 */
final class FakeSwitch implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final OFFactory of = OFFactories.getFactory(OFVersion.OF_13);
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private FakeSwitch(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static FakeSwitch connect(InetSocketAddress controller) throws IOException {
        return new FakeSwitch(new Socket(controller.getAddress(), controller.getPort()));
    }

    /**
     * Connects over TLS, as Open vSwitch does to an {@code ssl:} controller.
     *
     * @param controller controller address
     * @param tls        the switch's TLS context (its certificate, the controller's CA)
     * @return switch; the TLS handshake has been started
     * @throws IOException when the connection or the handshake fails on the switch's side
     */
    static FakeSwitch connect(InetSocketAddress controller, SSLContext tls) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(controller.getAddress(),
                                                                           controller.getPort());
        socket.startHandshake();
        return new FakeSwitch(socket);
    }

    OFFactory factory() {
        return of;
    }

    void send(OFMessage message) throws IOException {
        ByteBuf buffer = Unpooled.buffer();
        try {
            message.writeTo(buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            buffer.release();
        }
    }

    /**
     * Sends bytes as they are, OpenFlow or not.
     *
     * @param bytes bytes
     * @throws IOException when the connection is closed
     */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads messages until one of the given type arrives, answering echo requests on the way.
     *
     * @param type awaited type
     * @param <T>  message class
     * @return the message
     * @throws IOException on timeout or when the controller closed the connection
     */
    @SuppressWarnings("unchecked")
    <T extends OFMessage> T expect(OFType type) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            OFMessage message = receive();
            if (message.getType() == type) {
                return (T) message;
            }
            if (message.getType() == OFType.ECHO_REQUEST) {
                send(of.buildEchoReply().setXid(message.getXid())
                             .setData(((OFEchoRequest) message).getData()).build());
            }
        }
        throw new SocketTimeoutException("no " + type + " within " + WAIT);
    }

    /**
     * Reads the next message.
     *
     * @return message
     * @throws IOException on timeout or when the controller closed the connection
     */
    OFMessage receive() throws IOException {
        return receive(WAIT);
    }

    /**
     * Reads the next message, waiting at most a given time.
     *
     * @param wait how long
     * @return message
     * @throws IOException on timeout or when the controller closed the connection
     */
    OFMessage receive(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        byte[] header = new byte[8];
        in.readFully(header);
        int length = (header[2] & 0xff) << 8 | header[3] & 0xff;
        byte[] message = new byte[length];
        System.arraycopy(header, 0, message, 0, 8);
        in.readFully(message, 8, length - 8);
        try {
            return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(message));
        } catch (Exception e) {
            throw new IOException("unparsable message from the controller", e);
        }
    }

    /**
     * Tells whether the controller closed the connection (after whatever it still sends).
     *
     * @return true when closed within the wait time
     */
    boolean closedByController() throws IOException {
        try {
            while (true) {
                receive();
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // Connection reset: closed as well.
            return true;
        }
    }

    /**
     * Runs the switch side of the handshake: HELLO, FEATURES_REPLY, port and DESC stats replies, and an error for
     * the METER_FEATURES request (a switch without meters).
     *
     * @param datapathId   datapath id
     * @param manufacturer manufacturer description
     * @param hardware     hardware description
     * @throws IOException when the controller does not ask what it should
     */
    void handshake(long datapathId, String manufacturer, String hardware) throws IOException {
        send(of.buildHello().build());
        expect(OFType.HELLO);
        OFMessage features = expect(OFType.FEATURES_REQUEST);
        send(of.buildFeaturesReply().setXid(features.getXid()).setDatapathId(DatapathId.of(datapathId))
                     .setNTables((short) 64).build());
        boolean described = false;
        boolean ports = false;
        boolean meters = false;
        while (!described || !ports || !meters) {
            OFMessage request = expect(OFType.STATS_REQUEST);
            if (request instanceof OFDescStatsRequest) {
                send(of.buildDescStatsReply().setXid(request.getXid()).setMfrDesc(manufacturer)
                             .setHwDesc(hardware).setSwDesc("1.0").setSerialNum("42").setDpDesc("fake")
                             .build());
                described = true;
            } else if (request instanceof OFPortDescStatsRequest) {
                send(of.buildPortDescStatsReply().setXid(request.getXid()).setEntries(List.of()).build());
                ports = true;
            } else if (request instanceof OFMeterFeaturesStatsRequest) {
                send(of.errorMsgs().buildBadRequestErrorMsg().setXid(request.getXid())
                             .setCode(OFBadRequestCode.BAD_STAT).build());
                meters = true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
