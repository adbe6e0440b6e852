package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.codec.CodecContext;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.model.Service;
import org.tenantnat.config.Values;


import static org.tenantnat.codec.FieldReader.Presence.OPTIONAL;
import static org.tenantnat.codec.FieldReader.Presence.REQUIRED;
import static org.tenantnat.config.FieldNames.CONNECT_POINT;
import static org.tenantnat.config.FieldNames.GATEWAY_IP;
import static org.tenantnat.config.FieldNames.IP;
import static org.tenantnat.config.FieldNames.MAC;
import static org.tenantnat.config.FieldNames.NAME;
import static org.tenantnat.config.FieldNames.ROUTER_IP;
import static org.tenantnat.config.FieldNames.ROUTER_MAC;

/**
 * JSON of a provider service: {@code {"name", "ip", "connectPoint", "gatewayIp", "mac", "routerIp", "routerMac"}},
 * the optional fields only when configured ({@code routerIp} for a service behind a provider router). The body of
 * {@code POST /services}, an item of the document's {@code services} and a record of the stores.
 */
public final class ServiceCodec extends FieldCodec<Service> {

    private static final KnownFields FIELDS = KnownFields.of(NAME, IP, CONNECT_POINT, GATEWAY_IP, MAC, ROUTER_IP,
                                                                ROUTER_MAC);

    @Override
    public ObjectNode encode(Service service, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode()
                .put(NAME, service.name())
                .put(IP, service.ip().toString())
                .put(CONNECT_POINT, Values.connectPointText(service.connectPoint()))
                .put(GATEWAY_IP, service.gatewayIp().toString());
        service.mac().ifPresent(mac -> json.put(MAC, mac.toString()));
        service.routerIp().ifPresent(router -> json.put(ROUTER_IP, router.toString()));
        service.routerMac().ifPresent(mac -> json.put(ROUTER_MAC, mac.toString()));
        return json;
    }

    @Override
    Service decode(FieldReader r, CodecContext context) {
        r.rejectUnknown(FIELDS);
        String name = r.text(NAME, REQUIRED);
        Ip4Address ip = r.parsed(IP, REQUIRED, TextForm.ADDRESS);
        ConnectPoint connectPoint = r.parsed(CONNECT_POINT, REQUIRED, TextForm.CONNECT_POINT);
        Ip4Address gatewayIp = r.parsed(GATEWAY_IP, REQUIRED, TextForm.ADDRESS);
        MacAddress mac = r.parsed(MAC, OPTIONAL, TextForm.MAC);
        Ip4Address routerIp = r.parsed(ROUTER_IP, OPTIONAL, TextForm.ADDRESS);
        MacAddress routerMac = r.parsed(ROUTER_MAC, OPTIONAL, TextForm.MAC);
        r.throwIfAny();
        return new Service(name, ip, connectPoint, gatewayIp, mac, routerIp, routerMac);
    }
}
