package org.tenantnat.runtime;

import org.onosproject.net.DeviceId;
import org.tenantnat.api.model.Access;

/**
 * An access removed from the desired state whose rules the switch has not yet confirmed gone.
 */
final class WithdrawnAccess {

    private final String tenant;
    private final Access access;
    private final DeviceId device;
    private final long generation;

    WithdrawnAccess(String tenant, Access access, DeviceId device, long generation) {
        this.tenant = tenant;
        this.access = access;
        this.device = device;
        this.generation = generation;
    }

    String tenant() {
        return tenant;
    }

    Access access() {
        return access;
    }

    DeviceId device() {
        return device;
    }

    /** Returns the generation of the batch that removes the access's rules. */
    long generation() {
        return generation;
    }
}
