/**
 * ICMP errors across the translation: the header they carry is translated with the outer one, in the controller,
 * because a stateless flow rewrite cannot reach inside.
 */
package org.tenantnat.icmp;
