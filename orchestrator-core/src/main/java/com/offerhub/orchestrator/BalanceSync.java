package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.Money;
import java.io.Serializable;

/**
 * Books versus chain for one user's wallet (spec/02 ops 19-20). {@code localBalance} is what the
 * books say the wallet holds: available + reserved + withdrawals in flight (plus platform fees for
 * the platform's wallet); {@code providerBalance} is the wallet's USDC on chain, null when the chain
 * could not be read. {@code action} is {@code none} or {@code flagged}; the engine never adjusts.
 */
public record BalanceSync(String userId, boolean synced, Money localBalance, Money providerBalance,
    Money discrepancy, String action) implements Serializable {}
