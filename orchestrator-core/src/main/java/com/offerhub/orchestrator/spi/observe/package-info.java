/**
 * What the engine reports about its own work, for metrics and tracing: listeners registered on
 * the builder hear of every command, idempotent replay, confirmed on-chain step and error of a
 * remote provider. Core depends on no metrics library; bindings (such as
 * {@code orchestrator-micrometer}) implement {@link com.offerhub.orchestrator.spi.observe.EngineListener}.
 */
package com.offerhub.orchestrator.spi.observe;
