/**
 * The model in the users' words: tenants, attachments, services, accesses, the pool, translated blocks and bindings.
 */
package org.tenantnat.api.model;
