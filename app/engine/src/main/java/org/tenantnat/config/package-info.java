/**
 * The desired-state document: its JSON codec and its validation, each error naming the offending field.
 */
package org.tenantnat.config;
