package org.tenantnat.pipeline;

import com.google.common.hash.Hashing;
import com.google.common.hash.Hasher;
import org.onlab.packet.IpPrefix;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.flow.criteria.ArpPaCriterion;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.MetadataCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.VlanIdCriterion;
import org.onosproject.net.flow.FlowId;
import org.onosproject.net.flow.TrafficSelector;

import java.nio.charset.StandardCharsets;

/**
 * The cookie (ONOS flow id) of every rule: application id in the top 16 bits, as ONOS flow ids have it, then the
 * id of the tenant that owns the rule (0 for rules no tenant owns), then a hash of the rule's table, priority and
 * match. Any node can so tell, from a switch's flow entries alone, whose traffic a counter counts; and
 * {@code ovs-ofctl dump-flows} shows the tenant in the cookie: {@code 0xAAAATTTTHHHHHHHH}.
 */
public final class RuleCookie {

    /** Tenant field of the rules no tenant owns. */
    public static final int SHARED = 0;

    private static final int TENANT_SHIFT = 32;
    private static final int APP_SHIFT = 48;
    private static final long FIELD_MASK = 0xffffL;

    private RuleCookie() {
    }

    /**
     * Returns the cookie of a rule.
     *
     * @param appId    application id
     * @param tenantId owning tenant's id, {@link #SHARED} for none
     * @param tableId  table
     * @param priority priority
     * @param match    selector
     * @return cookie
     */
    static long of(ApplicationId appId, int tenantId, int tableId, int priority, TrafficSelector match) {
        Hasher slot = Hashing.murmur3_32().newHasher().putInt(tableId).putInt(priority);
        for (Criterion c : match.criteria()) {
            slot.putInt(c.type().ordinal());
            value(slot, c);
        }
        return ((appId.id() & FIELD_MASK) << APP_SHIFT) | ((tenantId & FIELD_MASK) << TENANT_SHIFT)
                | Integer.toUnsignedLong(slot.hash().asInt());
    }

    // Hashes a criterion's value by its content. Not hashCode(): onlab's values hash enums, whose hash changes with
    // every JVM, and a cookie must survive a restart or every reconciliation would rewrite every rule.
    private static void value(Hasher slot, Criterion c) {
        if (c instanceof IPCriterion) {
            IpPrefix ip = ((IPCriterion) c).ip();
            slot.putBytes(ip.address().toOctets()).putInt(ip.prefixLength());
        } else if (c instanceof PortCriterion) {
            slot.putLong(((PortCriterion) c).port().toLong());
        } else if (c instanceof VlanIdCriterion) {
            slot.putShort(((VlanIdCriterion) c).vlanId().toShort());
        } else if (c instanceof EthTypeCriterion) {
            slot.putShort(((EthTypeCriterion) c).ethType().toShort());
        } else if (c instanceof MetadataCriterion) {
            slot.putLong(((MetadataCriterion) c).metadata());
        } else if (c instanceof ArpPaCriterion) {
            slot.putInt(((ArpPaCriterion) c).ip().toInt());
        } else {
            slot.putString(c.toString(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Returns the id of the tenant a rule belongs to.
     *
     * @param id rule id (cookie)
     * @return tenant id, {@link #SHARED} for rules no tenant owns
     */
    public static int tenantOf(FlowId id) {
        return (int) ((id.value() >>> TENANT_SHIFT) & FIELD_MASK);
    }
}
