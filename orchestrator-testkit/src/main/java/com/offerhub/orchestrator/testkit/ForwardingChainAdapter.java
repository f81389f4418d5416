package com.offerhub.orchestrator.testkit;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import java.util.List;
import java.util.Objects;

/**
 * A chain adapter that passes every call on to another: extend it and override what a test needs to
 * count, filter or break (a fake around a real adapter, not a mock).
 */
public abstract class ForwardingChainAdapter implements ChainAdapter {
  private final ChainAdapter delegate;

  protected ForwardingChainAdapter(ChainAdapter delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  protected ChainAdapter delegate() {
    return delegate;
  }

  @Override
  public KeyPair newKeyPair() {
    return delegate.newKeyPair();
  }

  @Override
  public boolean activate(String publicKey, SecretSeed secret) {
    return delegate.activate(publicKey, secret);
  }

  @Override
  public Money usdcBalance(String publicKey) {
    return delegate.usdcBalance(publicKey);
  }

  @Override
  public Money xlmBalance(String publicKey) {
    return delegate.xlmBalance(publicKey);
  }

  @Override
  public UnsignedTransaction buildPayment(String source, String destination, Money amount, String reference) {
    return delegate.buildPayment(source, destination, amount, reference);
  }

  @Override
  public boolean canReceiveUsdc(String address) {
    return delegate.canReceiveUsdc(address);
  }

  @Override
  public SignedTransaction sign(UnsignedTransaction transaction, SecretSeed secret) {
    return delegate.sign(transaction, secret);
  }

  @Override
  public SubmitResult submit(SignedTransaction transaction) {
    return delegate.submit(transaction);
  }

  @Override
  public TransactionLookup lookup(String transactionHash) {
    return delegate.lookup(transactionHash);
  }

  @Override
  public PaymentPage scanPayments(String cursor, int limit) {
    return delegate.scanPayments(cursor, limit);
  }

  @Override
  public List<IncomingPayment> recentPayments(String account, int limit) {
    return delegate.recentPayments(account, limit);
  }
}
