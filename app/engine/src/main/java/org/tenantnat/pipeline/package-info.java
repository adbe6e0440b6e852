/**
 * The pipeline compiler: desired state, allocation and a switch's capabilities in, the ONOS flow rules of that
 * switch out, grouped by owner (shared, tenant, access) so they can be programmed and diffed incrementally.
 */
package org.tenantnat.pipeline;
