package org.tenantnat.standalone.openflow;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

import java.util.Objects;

/**
 * Open vSwitch's {@code NXT_CT_FLUSH_ZONE}: drops the connection tracker's entries of one zone, as {@code ovs-ofctl
 * ct-flush-zone} does. openflowj has no class for this Nicira message, so it is written here: the OpenFlow header,
 * the Nicira experimenter id and subtype, then {@code struct nx_zone_id} (six zero bytes and the zone).
 */
final class ConntrackZoneFlush implements OFMessage {

    private static final int NICIRA = 0x00002320;
    private static final int NXT_CT_FLUSH_ZONE = 29;
    private static final int LENGTH = 24;
    /** OFPT_EXPERIMENTER (OFPT_VENDOR in OpenFlow 1.0) */
    private static final int EXPERIMENTER = 4;

    private final OFVersion version;
    private final long xid;
    private final int zone;

    /**
     * Creates the message.
     *
     * @param version the switch's OpenFlow version
     * @param xid     transaction id
     * @param zone    conntrack zone, 0..65535
     */
    ConntrackZoneFlush(OFVersion version, long xid, int zone) {
        if (zone < 0 || zone > 0xffff) {
            throw new IllegalArgumentException("conntrack zone out of 0..65535: " + zone);
        }
        this.version = Objects.requireNonNull(version, "version");
        this.xid = xid;
        this.zone = zone;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public OFType getType() {
        return OFType.EXPERIMENTER;
    }

    @Override
    public long getXid() {
        return xid;
    }

    @Override
    public void writeTo(ByteBuf out) {
        out.writeByte(version.getWireVersion());
        out.writeByte(EXPERIMENTER);
        out.writeShort(LENGTH);
        out.writeInt((int) xid);
        out.writeInt(NICIRA);
        out.writeInt(NXT_CT_FLUSH_ZONE);
        out.writeZero(6);
        out.writeShort(zone);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putByte((byte) version.getWireVersion()).putInt(NICIRA).putInt(NXT_CT_FLUSH_ZONE).putShort((short) zone);
    }

    @Override
    public boolean equalsIgnoreXid(Object o) {
        return o instanceof ConntrackZoneFlush && ((ConntrackZoneFlush) o).version == version
                && ((ConntrackZoneFlush) o).zone == zone;
    }

    @Override
    public int hashCodeIgnoreXid() {
        return Objects.hash(version, zone);
    }

    @Override
    public OFMessage.Builder createBuilder() {
        return new Builder(this);
    }

    @Override
    public String toString() {
        return "NXT_CT_FLUSH_ZONE(xid=" + xid + ", zone=" + zone + ")";
    }

    /** Copies the message with another xid, as {@link OpenFlowSwitch} does for requests. */
    private static final class Builder implements OFMessage.Builder {
        private final ConntrackZoneFlush from;
        private long xid;

        private Builder(ConntrackZoneFlush from) {
            this.from = from;
            this.xid = from.xid;
        }

        @Override
        public OFMessage build() {
            return new ConntrackZoneFlush(from.version, xid, from.zone);
        }

        @Override
        public OFVersion getVersion() {
            return from.version;
        }

        @Override
        public OFType getType() {
            return OFType.EXPERIMENTER;
        }

        @Override
        public long getXid() {
            return xid;
        }

        @Override
        public OFMessage.Builder setXid(long value) {
            xid = value;
            return this;
        }
    }
}
