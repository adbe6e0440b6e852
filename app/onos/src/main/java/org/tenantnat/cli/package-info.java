/**
 * Karaf CLI commands of the ONOS host ({@code tenantnat-*}): reads, whose {@code -j} output is the REST API's
 * JSON written by the same codecs, and changes, which call the service's domain verbs as the shell's user.
 */
package org.tenantnat.cli;
