/**
 * One ONOS {@link org.onosproject.codec.JsonCodec} per tenantnat type (desired state, tenant, service, access,
 * translation policy, translated block, binding, access intent and request, pool usage, tenant traffic, learned
 * MAC), registered with ONOS's codec service in ONOS and with {@link org.tenantnat.codec.TenantNatCodecService}
 * elsewhere, so REST, CLI and the stores write one JSON per type. Decoding is strict and names every offending
 * field.
 */
package org.tenantnat.codec;
