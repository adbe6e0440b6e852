/**
 * Who may use the standalone host's REST API and GUI: users with a role (viewer reads, admin changes) kept in a
 * credentials file with hashed passwords, and a back-off on failed logins per client address.
 */
package org.tenantnat.standalone.auth;
