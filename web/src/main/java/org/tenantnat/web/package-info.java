/**
 * tenantnat REST intent API and GUI view, served the same by ONOS and by the standalone host.
 */
package org.tenantnat.web;
