package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.codec.CodecContext;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.Neighbour;
import org.tenantnat.arp.LearnedMac;
import org.tenantnat.config.Values;


import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.IP;
import static org.tenantnat.config.FieldNames.MAC;
import static org.tenantnat.config.FieldNames.VLAN;

/**
 * JSON of a MAC learned by ARP for a router or service address on an attachment:
 * {@code {"ip", "connectPoint", "vlan", "mac"}}, the VLAN only when tagged. A record of the stores.
 */
public final class LearnedMacCodec extends FieldCodec<LearnedMac> {

    private static final KnownFields FIELDS = KnownFields.of(IP, CONNECT_POINT, VLAN, MAC);

    @Override
    public ObjectNode encode(LearnedMac learned, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(IP, learned.neighbour().ip().toString())
                .put(CONNECT_POINT, Values.connectPointText(learned.neighbour().port()));
        if (learned.neighbour().attachment().isTagged()) {
            json.put(VLAN, (int) learned.neighbour().vlan().toShort());
        }
        return json.put(MAC, learned.mac().toString());
    }

    @Override
    LearnedMac decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        Ip4Address ip = r.parsed(IP, REQUIRED, TextForm.ADDRESS);
        ConnectPoint port = r.parsed(CONNECT_POINT, REQUIRED, TextForm.CONNECT_POINT);
        VlanId vlan = r.vlan(VLAN);
        MacAddress mac = r.parsed(MAC, REQUIRED, TextForm.MAC);
        r.throwIfAny();
        return new LearnedMac(new Neighbour(ip, new Attachment(port, vlan)), mac);
    }
}
