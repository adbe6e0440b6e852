package org.tenantnat.api;

import org.onosproject.event.EventListener;

/**
 * Hears of changes of the state in force. Called on the thread that applied the change: hand slow work to an
 * executor of your own.
 */
public interface TenantNatListener extends EventListener<TenantNatEvent> {
}
