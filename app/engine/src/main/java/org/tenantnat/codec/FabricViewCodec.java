package org.tenantnat.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onosproject.codec.CodecContext;
import org.onosproject.codec.JsonCodec;
import org.tenantnat.api.FabricView;
import org.tenantnat.api.LinkState;
import org.tenantnat.config.Values;

/**
 * JSON of the fabric, what {@code GET /topology} answers:
 * {@code {"switches": [{"id", "connected", "tenants", "services"}],
 * "links": [{"src", "dst", "state", "declared", "discovered", "reason"}]}}, a link's reason only when it is not UP.
 */
public final class FabricViewCodec extends JsonCodec<FabricView> {

    private static final String SWITCHES = "switches";
    private static final String LINKS = "links";
    private static final String ID = "id";
    private static final String CONNECTED = "connected";
    private static final String TENANTS = "tenants";
    private static final String SERVICES = "services";
    private static final String SRC = "src";
    private static final String DST = "dst";
    private static final String STATE = "state";
    private static final String DECLARED = "declared";
    private static final String DISCOVERED = "discovered";
    private static final String REASON = "reason";

    @Override
    public ObjectNode encode(FabricView view, CodecContext context) {
        ObjectNode json = context.mapper().createObjectNode();
        ArrayNode switches = json.putArray(SWITCHES);
        for (FabricView.Switch s : view.switches()) {
            switches.addObject().put(ID, s.id().toString()).put(CONNECTED, s.connected())
                    .put(TENANTS, s.tenants()).put(SERVICES, s.services());
        }
        ArrayNode links = json.putArray(LINKS);
        for (LinkState l : view.links()) {
            ObjectNode link = links.addObject().put(SRC, Values.connectPointText(l.src()))
                    .put(DST, Values.connectPointText(l.dst())).put(STATE, l.state().name())
                    .put(DECLARED, l.declared()).put(DISCOVERED, l.discovered());
            l.reason().ifPresent(r -> link.put(REASON, r));
        }
        return json;
    }
}
