package com.offerhub.orchestrator.stellar;

import com.offerhub.orchestrator.spi.chain.ChainException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import org.stellar.sdk.AbstractTransaction;
import org.stellar.sdk.Asset;
import org.stellar.sdk.AssetTypeCreditAlphaNum;
import org.stellar.sdk.InvokeHostFunctionOperation;
import org.stellar.sdk.Network;
import org.stellar.sdk.Operation;
import org.stellar.sdk.PaymentOperation;
import org.stellar.sdk.TimeBounds;
import org.stellar.sdk.Transaction;

/**
 * What the adapter checks before any key signs (ARCHITECTURE rule 13): a plain transaction whose
 * source is the expected wallet, fee within the cap, an upper time bound no more than an hour
 * ahead, and exactly one operation: a USDC payment or one contract call. The contract, function
 * and arguments of a call are the escrow gateway's to check.
 */
final class PreSignCheck {
  private final Network network;
  private final long maxFeeStroops;
  private final String usdcCode;
  private final String usdcIssuer;

  PreSignCheck(Network network, long maxFeeStroops, String usdcCode, String usdcIssuer) {
    this.network = network;
    this.maxFeeStroops = maxFeeStroops;
    this.usdcCode = usdcCode;
    this.usdcIssuer = usdcIssuer;
  }

  /**
   * Decodes {@code envelope} and checks it.
   *
   * @throws ChainException naming the first problem found
   */
  Transaction check(String envelope, String expectedSource, Instant now) {
    AbstractTransaction parsed;
    try {
      parsed = AbstractTransaction.fromEnvelopeXdr(envelope, network);
    } catch (IOException | RuntimeException e) {
      throw refuse(expectedSource, "it is not a readable transaction envelope");
    }
    if (!(parsed instanceof Transaction tx)) {
      throw refuse(expectedSource, "it is a fee-bump envelope, not a plain transaction");
    }
    if (!expectedSource.equals(tx.getSourceAccount())) {
      throw refuse(expectedSource, "its source account is " + tx.getSourceAccount());
    }
    if (tx.getFee() > maxFeeStroops) {
      throw refuse(expectedSource, "its fee of " + tx.getFee() + " stroops exceeds the cap of " + maxFeeStroops);
    }
    TimeBounds bounds = tx.getTimeBounds();
    if (bounds == null || bounds.getMaxTime().signum() == 0) {
      throw refuse(expectedSource, "it has no upper time bound");
    }
    BigInteger latest = BigInteger.valueOf(now.plus(StellarSettings.LONGEST_VALIDITY).getEpochSecond());
    if (bounds.getMaxTime().compareTo(latest) > 0) {
      throw refuse(expectedSource, "its upper time bound " + bounds.getMaxTime()
          + " is more than one hour ahead of " + now.getEpochSecond());
    }
    Operation[] operations = tx.getOperations();
    if (operations.length != 1) {
      throw refuse(expectedSource, "it has " + operations.length + " operations; exactly one is signed");
    }
    Operation operation = operations[0];
    if (operation.getSourceAccount() != null && !operation.getSourceAccount().equals(expectedSource)) {
      throw refuse(expectedSource, "its operation acts for another account, " + operation.getSourceAccount());
    }
    if (operation instanceof InvokeHostFunctionOperation) {
      if (!tx.isSorobanTransaction() || tx.getSorobanData() == null) {
        throw refuse(expectedSource, "its contract call carries no Soroban resources");
      }
    } else if (operation instanceof PaymentOperation payment) {
      if (!isUsdc(payment.getAsset())) {
        throw refuse(expectedSource, "its payment is not in " + usdcCode + " of " + usdcIssuer);
      }
    } else {
      throw refuse(expectedSource, "its operation " + operation.getClass().getSimpleName()
          + " is neither a USDC payment nor a contract call");
    }
    return tx;
  }

  private boolean isUsdc(Asset asset) {
    return asset instanceof AssetTypeCreditAlphaNum credit && credit.getCode().equals(usdcCode)
        && credit.getIssuer().equals(usdcIssuer);
  }

  private static ChainException refuse(String source, String why) {
    return new ChainException("refusing to sign the transaction for " + source + ": " + why);
  }
}
