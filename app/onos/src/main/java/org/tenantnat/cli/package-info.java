/**
 * Karaf CLI commands of the ONOS host ({@code tenantnat-*}) and the formatters that render their output.
 */
package org.tenantnat.cli;
