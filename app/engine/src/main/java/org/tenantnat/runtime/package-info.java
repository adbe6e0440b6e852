/**
 * The host-neutral runtime: desired state through validation, allocation and compilation onto the switches a host offers, and the observed state back.
 */
package org.tenantnat.runtime;
