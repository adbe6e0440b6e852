package org.tenantnat.config;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.tenantnat.api.Origin;
import org.tenantnat.api.model.Attachment;
import org.tenantnat.api.model.FabricLink;
import org.tenantnat.api.model.Service;
import org.tenantnat.api.model.Tenant;
import org.tenantnat.state.DesiredStateIndex;
import org.tenantnat.store.StateChange;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A tenant or service added one at a time is checked against the links in force as a whole document is: a port
 * that is an end of a declared link is no attachment.
 */
class ChangeValidatorLinkTest {

    private static final ConnectPoint LINK_END = ConnectPoint.deviceConnectPoint("of:0000000000000001/9");
    private final ChangeValidator validator = new ChangeValidator();
    private final DesiredStateIndex state = new DesiredStateIndex();

    ChangeValidatorLinkTest() {
        state.apply(StateChange.builder(Origin.SYSTEM).putLink(
                new FabricLink(LINK_END, ConnectPoint.deviceConnectPoint("of:0000000000000002/9"))).build());
    }

    @Test
    void aTenantOnTheEndOfADeclaredLinkIsRefusedNamingTheLink() {
        Tenant tenant = Tenant.builder().name("acme").id(1).attachment(new Attachment(LINK_END, VlanId.NONE))
                .routerIp(Ip4Address.valueOf("10.1.1.254")).gatewayIp(Ip4Address.valueOf("10.1.1.1"))
                .prefixes(List.of(Ip4Prefix.valueOf("10.1.1.0/24"))).build();

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> validator.checkTenant(tenant, state));

        assertEquals(1, e.errors().size());
        assertEquals("tenants[acme].connectPoint", e.errors().get(0).field());
        assertEquals("of:0000000000000001/9 is an end of the link of:0000000000000001/9-of:0000000000000002/9 "
                             + "declared in links; an attachment needs a port apart from the links between switches",
                     e.errors().get(0).message());
    }

    @Test
    void aServiceOnTheEndOfADeclaredLinkIsRefused() {
        Service service = new Service("backup", Ip4Address.valueOf("10.9.0.10"), LINK_END,
                                      Ip4Address.valueOf("10.9.0.1"), null);

        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                                                () -> validator.checkService(service, state));

        assertEquals("services[backup].connectPoint", e.errors().get(0).field());
    }
}
