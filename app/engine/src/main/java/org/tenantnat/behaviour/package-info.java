/**
 * Driver behaviours tenantnat looks up on a device's ONOS driver; the drivers bundle implements them per switch
 * family.
 */
package org.tenantnat.behaviour;
