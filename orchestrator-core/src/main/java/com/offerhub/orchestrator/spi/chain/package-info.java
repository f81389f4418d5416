/** Chain SPI: the Stellar network behind keys, payments, signing and submission. */
package com.offerhub.orchestrator.spi.chain;
