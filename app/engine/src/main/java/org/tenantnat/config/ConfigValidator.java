package org.tenantnat.config;

import org.onlab.packet.MacAddress;
import org.tenantnat.api.model.DesiredState;

import java.util.List;

/**
 * Checks that a desired state makes sense as a whole: the rules that span fields, tenants and services
 * (uniqueness, overlaps, pool capacity, VIP placement, pinned blocks, declared links), beyond the form that
 * codecs ({@code org.tenantnat.codec}) check.
 * <p>
 * Every error names the item by name and the field, and shows the offending value, e.g.
 * {@code tenants[acme].access[0].vip: 10.1.1.20 is inside the tenant's own prefix 10.1.1.0/24}.
 * The validator is pure: it only reads the (immutable) state, so rejecting a document changes nothing.
 * Instances are stateless and thread-safe.
 */
public final class ConfigValidator {

    /** Lowest tenant id; 0 is kept to mean "no tenant" in the OpenFlow metadata tag. */
    public static final int MIN_TENANT_ID = 1;

    /** Highest tenant id; ids are 16-bit so the tag leaves the rest of the metadata free. */
    public static final int MAX_TENANT_ID = 65535;

    /** Lowest VLAN id of a tagged attachment (0 means priority-tagged, not a VLAN). */
    public static final int MIN_VLAN = 1;

    /** Highest VLAN id of a tagged attachment (4095 is reserved). */
    public static final int MAX_VLAN = 4094;

    /** Shortest customer prefix length accepted: a /8 already stands for 16 million hosts. */
    public static final int MIN_PREFIX_LENGTH = 8;

    /** Longest tenant or service name. */
    public static final int MAX_NAME_LENGTH = 63;

    /**
     * Returns every error of a desired state.
     *
     * @param state desired state
     * @return errors, empty when the state is valid
     */
    public List<ValidationError> validate(DesiredState state) {
        ErrorCollector errors = new ErrorCollector();
        RuleContext ctx = new RuleContext(state, errors);
        new PoolRules(ctx).check();
        checkGatewayMac(ctx, state.gatewayMac());
        new ServiceRules(ctx).check();
        new TenantRules(ctx).check();
        new AccessRules(ctx).check();
        new PinRules(ctx).check();
        new LinkRules(ctx).check();
        return errors.errors();
    }

    /**
     * Checks a desired state.
     *
     * @param state desired state
     * @throws InvalidConfigException listing every error, when there is any
     */
    public void check(DesiredState state) {
        List<ValidationError> errors = validate(state);
        if (!errors.isEmpty()) {
            throw new InvalidConfigException(errors);
        }
    }

    /**
     * Tells whether a name can be a tenant's or service's: 1 to 63 letters, digits, '.', '_' or '-', starting with
     * a letter or digit, since names appear in REST URLs.
     *
     * @param name name
     * @return true when valid
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isAlphanumeric(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    // The switch answers ARP for every gateway and VIP with this MAC, so it must be a unicast MAC.
    private static void checkGatewayMac(RuleContext ctx, MacAddress mac) {
        ctx.checkUnicastMac(() -> FieldNames.GATEWAY_MAC, mac);
    }
}
