/** Service provider interfaces the engine is wired with. */
package com.offerhub.orchestrator.spi;
