/**
 * How each switch family expresses a tenantnat translation (ONOS driver behaviours).
 */
package org.tenantnat.drivers;
