/**
 * The {@link com.offerhub.orchestrator.spi.escrow.EscrowGateway} on the Trustless Work REST API:
 * {@link com.offerhub.orchestrator.stellar.trustless.TrustlessEscrowGateway} builds single-release
 * escrow steps through a {@link com.offerhub.orchestrator.stellar.trustless.TrustlessWorkClient}
 * and checks every unsigned transaction the service returns before any key may sign it.
 */
package com.offerhub.orchestrator.stellar.trustless;
