/** Escrow SPI: Trustless Work contracts behind unsigned transactions. */
package com.offerhub.orchestrator.spi.escrow;
