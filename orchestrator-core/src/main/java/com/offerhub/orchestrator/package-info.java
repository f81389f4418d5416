/** Orchestrator engine public API. */
package com.offerhub.orchestrator;
