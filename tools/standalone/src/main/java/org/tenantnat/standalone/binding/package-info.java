/**
 * The standalone host's audit trail of bindings: JSON lines in its state directory.
 */
package org.tenantnat.standalone.binding;
