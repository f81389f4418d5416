package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.Balance;
import com.offerhub.orchestrator.model.Money;
import java.io.Serializable;

/** A balance operation's outcome: the balance before and after (spec/02 §10.3). */
public record BalanceOperationResult(String operation, Money amount, Balance previousBalance, Balance balance)
    implements Serializable {}
