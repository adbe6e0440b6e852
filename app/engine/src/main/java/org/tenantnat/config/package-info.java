/**
 * The desired state's rules: the validator, the document's field names and value forms, and the errors that name
 * the offending field. The JSON codecs are in {@code org.tenantnat.codec}.
 */
package org.tenantnat.config;
