/**
 * The standalone host's history of changes: its own log in the state directory, written ahead of each change the
 * state log commits, so what the host acknowledged is recorded and what it recorded was committed.
 */
package org.tenantnat.standalone.history;
