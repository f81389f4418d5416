/**
 * Coordination between engine instances that share one database: named leases and shared rate
 * limits, so adapters and background jobs agree without another service.
 */
package com.offerhub.orchestrator.spi.coordination;
