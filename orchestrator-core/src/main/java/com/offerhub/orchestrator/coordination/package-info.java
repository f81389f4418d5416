/**
 * Coordination between engine instances on one database, built on the storage SPI: leases
 * ({@link com.offerhub.orchestrator.coordination.StorageLeaseService}) and shared rate limits
 * ({@link com.offerhub.orchestrator.coordination.StorageRateLimiter}).
 */
package com.offerhub.orchestrator.coordination;
