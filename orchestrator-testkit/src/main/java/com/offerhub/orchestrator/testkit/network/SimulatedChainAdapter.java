package com.offerhub.orchestrator.testkit.network;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.ChainException;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import com.offerhub.orchestrator.spi.chain.SecretSeed;
import com.offerhub.orchestrator.spi.chain.SignedTransaction;
import com.offerhub.orchestrator.spi.chain.SubmitResult;
import com.offerhub.orchestrator.spi.chain.TransactionLookup;
import com.offerhub.orchestrator.spi.chain.TransactionStatus;
import com.offerhub.orchestrator.spi.chain.UnsignedTransaction;
import com.offerhub.orchestrator.testkit.network.NetworkState.PaymentRecord;
import com.offerhub.orchestrator.testkit.network.NetworkState.TxRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The {@link ChainAdapter} over a {@link SimulatedNetwork}; every call passes the network's fault knobs. */
final class SimulatedChainAdapter implements ChainAdapter {
  private final SimulatedNetwork network;

  SimulatedChainAdapter(SimulatedNetwork network) {
    this.network = network;
  }

  @Override
  public KeyPair newKeyPair() {
    return SimulatedNetwork.newKeyPair();
  }

  @Override
  public boolean activate(String publicKey, SecretSeed secret) {
    network.fault(CallKind.ACTIVATE, false);
    return network.activate(publicKey, secret);
  }

  @Override
  public Money usdcBalance(String publicKey) {
    network.fault(CallKind.LOOKUP, false);
    return network.usdcBalance(publicKey);
  }

  @Override
  public Money xlmBalance(String publicKey) {
    network.fault(CallKind.LOOKUP, false);
    return network.xlmBalance(publicKey);
  }

  @Override
  public UnsignedTransaction buildPayment(String source, String destination, Money amount, String reference) {
    network.fault(CallKind.BUILD, false);
    synchronized (network) {
      String xdr = network.payment(source, destination, amount.stroops(), reference);
      return new UnsignedTransaction(xdr, source, Instant.ofEpochMilli(Long.parseLong(
          Envelope.parseUnsigned(xdr).get("maxTime"))));
    }
  }

  @Override
  public boolean canReceiveUsdc(String address) {
    network.fault(CallKind.LOOKUP, false);
    return network.canReceiveUsdc(address);
  }

  @Override
  public SignedTransaction sign(UnsignedTransaction transaction, SecretSeed secret) {
    char[] seed = secret.reveal();
    try {
      byte[] raw = StrKey.decode(StrKey.SEED, new String(seed));
      String envelope = network.signWitnessed(transaction.xdr(), raw);
      Arrays.fill(raw, (byte) 0);
      return new SignedTransaction(envelope, Envelope.parseSigned(envelope).hash(SimulatedNetwork.PASSPHRASE),
          transaction.validUntil());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid secret seed");
    } finally {
      Arrays.fill(seed, '\0');
    }
  }

  @Override
  public SubmitResult submit(SignedTransaction transaction) {
    return network.submit(transaction.envelope());
  }

  @Override
  public TransactionLookup lookup(String transactionHash) {
    network.fault(CallKind.LOOKUP, false);
    TxRecord record = network.transaction(transactionHash);
    Instant latest = network.lastClose();
    if (record == null) {
      return new TransactionLookup(transactionHash, TransactionStatus.NOT_FOUND, 0, null, latest);
    }
    return new TransactionLookup(transactionHash, record.success() ? TransactionStatus.SUCCESS
        : TransactionStatus.FAILED, record.ledger(), record.error(), latest);
  }

  @Override
  public List<IncomingPayment> recentPayments(String account, int limit) {
    network.fault(CallKind.LOOKUP, false);
    List<IncomingPayment> out = new ArrayList<>();
    for (PaymentRecord record : network.paymentsOf(account, limit)) {
      out.add(new IncomingPayment(record.hash(), record.operation(), record.from(), record.to(),
          Money.ofStroops(record.amount()), Instant.ofEpochMilli(record.closedAtMillis()),
          Long.toString(record.index())));
    }
    return out;
  }

  @Override
  public PaymentPage scanPayments(String cursor, int limit) {
    network.fault(CallKind.SCAN, false);
    long after;
    try {
      after = cursor == null ? -1 : Long.parseLong(cursor);
    } catch (NumberFormatException e) {
      throw new ChainException("unknown cursor " + cursor);
    }
    List<IncomingPayment> payments = new ArrayList<>();
    String next = cursor;
    for (PaymentRecord record : network.paymentsAfter(after, limit)) {
      next = Long.toString(record.index());
      payments.add(new IncomingPayment(record.hash(), record.operation(), record.from(), record.to(),
          Money.ofStroops(record.amount()), Instant.ofEpochMilli(record.closedAtMillis()), next));
    }
    return new PaymentPage(payments, next);
  }
}
