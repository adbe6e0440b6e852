/**
 * The operator's API of tenantnat, the same in every host: TenantNatService and the observed-state types.
 */
package org.tenantnat.api;
