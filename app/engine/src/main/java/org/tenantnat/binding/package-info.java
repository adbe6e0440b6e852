/**
 * Dynamic and pat translation: bindings of hosts to pool addresses and port blocks made on their first packet,
 * their index, hold-down, pool pressure and the audit trail of every binding.
 */
package org.tenantnat.binding;
