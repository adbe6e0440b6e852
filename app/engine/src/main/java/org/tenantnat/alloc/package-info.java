/**
 * Translation pool allocation: which block of the pool each customer prefix is translated into.
 */
package org.tenantnat.alloc;
