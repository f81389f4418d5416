/**
 * Micrometer meters for the engine: {@link com.offerhub.orchestrator.micrometer.OrchestratorMeters}
 * hears the engine as its listener and reads {@code engine.status()} for the gauges.
 */
package com.offerhub.orchestrator.micrometer;
