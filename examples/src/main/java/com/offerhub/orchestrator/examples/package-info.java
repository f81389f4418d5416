/** Examples and benchmark drivers for the orchestrator engine. */
package com.offerhub.orchestrator.examples;
