/**
 * The history of changes, host-neutral: what a change did in the operator's words, how long records are kept, and
 * the ordered, retained records that both hosts query and persist in their own way.
 */
package org.tenantnat.history;
