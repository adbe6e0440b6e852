/**
 * The standalone host's HTTP server: the same REST resources ONOS serves, at the same path, behind HTTP basic
 * auth, plus the GUI's static files.
 */
package org.tenantnat.standalone.http;
