/**
 * The standalone host: one JVM with the runtime, an OpenFlow 1.3 controller, a state directory and HTTP.
 */
package org.tenantnat.standalone;
