/**
 * The Tenant NAT view in both hosts: its files served beside the REST API, and its registration in ONOS's GUI.
 */
package org.tenantnat.web.gui;
