/** Stellar chain adapter and Trustless Work escrow gateway; arrives with its own issue. */
package com.offerhub.orchestrator.stellar;
