/** A simulated Stellar network with USDC and Trustless Work escrow contracts, and its adapters. */
package com.offerhub.orchestrator.testkit.network;
