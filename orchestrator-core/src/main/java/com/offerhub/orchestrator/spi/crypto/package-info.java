/** Key custody SPI. */
package com.offerhub.orchestrator.spi.crypto;
