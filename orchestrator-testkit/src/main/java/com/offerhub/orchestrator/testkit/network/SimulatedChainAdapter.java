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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ChainAdapter} over a {@link SimulatedNetwork} in process, with the network's own
 * envelope format; every call passes the network's fault knobs. Payment scan cursors are
 * {@code <operation id>:<transfer index>}; a negative number means the start.
 */
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
      Instant validUntil = network.validUntil();
      Tx.Builder tx = Tx.builder().source(source).sequence(network.nextSequence(source)).fee(Rules.BASE_FEE)
          .timeBounds(0, validUntil.toEpochMilli())
          .op(new Op.Payment(null, destination, network.usdc(), amount.stroops()));
      if (reference != null) {
        tx.memo(Memo.hash(sha256(reference)));
      }
      return new UnsignedTransaction(Envelope.unsigned(tx.build()), source, validUntil);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
      return new SignedTransaction(envelope, Envelope.hash(network.passphrase(), transaction.xdr()),
          transaction.validUntil());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid secret seed");
    } finally {
      Arrays.fill(seed, '\0');
    }
  }

  @Override
  public SubmitResult submit(SignedTransaction transaction) {
    network.fault(CallKind.SUBMIT, false);
    boolean lose = network.takeLostResponse();
    SubmitResult result = submitNow(transaction);
    if (lose) {
      throw new ChainException("simulated lost response (the transaction was applied)");
    }
    return result;
  }

  private SubmitResult submitNow(SignedTransaction transaction) {
    Tx tx;
    try {
      tx = network.decode(transaction.envelope());
    } catch (RuntimeException e) {
      return SubmitResult.rejected(transaction.hash(), TxResult.Codes.TX_MALFORMED);
    }
    String hash = tx.primaryHash();
    TxRecord known = network.record(hash);
    if (known != null) {
      return recorded(known);
    }
    long latest = network.ledger(); // before sending: the transaction goes into a later ledger
    return send(tx, hash).sentAt(latest);
  }

  private SubmitResult send(Tx tx, String hash) {
    SimulatedNetwork.Submission submission = network.submit(tx);
    switch (submission.status()) {
      case APPLIED:
        return recorded(submission.record());
      case DUPLICATE:
        return submission.record() != null ? recorded(submission.record()) : waitFor(hash);
      case REFUSED:
        return SubmitResult.rejected(hash, submission.refusal() == null ? "refused"
            : submission.refusal().describe());
      case QUEUED:
        return waitFor(hash);
      default:
        return SubmitResult.pending(hash);
    }
  }

  private SubmitResult waitFor(String hash) {
    if (!network.ticking()) {
      return SubmitResult.pending(hash);
    }
    SimulatedNetwork.Awaited awaited = network.await(hash, network.submitWait());
    if (awaited.record() != null) {
      return recorded(awaited.record());
    }
    if (awaited.dropped() != null) {
      return SubmitResult.rejected(hash, awaited.dropped().describe());
    }
    return SubmitResult.pending(hash);
  }

  private static SubmitResult recorded(TxRecord record) {
    return record.success() ? SubmitResult.confirmed(record.tx().primaryHash(), record.ledger())
        : SubmitResult.rejected(record.tx().primaryHash(), record.result().describe());
  }

  @Override
  public TransactionLookup lookup(String transactionHash) {
    network.fault(CallKind.LOOKUP, false);
    TxRecord record = network.record(transactionHash);
    Instant latest = network.lastClose();
    if (record == null) {
      return new TransactionLookup(transactionHash, TransactionStatus.NOT_FOUND, 0, null, latest);
    }
    return new TransactionLookup(transactionHash, record.success() ? TransactionStatus.SUCCESS
        : TransactionStatus.FAILED, record.ledger(), record.success() ? null : record.result().describe(), latest);
  }

  @Override
  public List<IncomingPayment> recentPayments(String account, int limit) {
    network.fault(CallKind.LOOKUP, false);
    List<IncomingPayment> out = new ArrayList<>();
    Long cursor = null;
    while (out.size() < limit) {
      List<OpRecord> page = network.operations(account, cursor, false, 200);
      if (page.isEmpty()) {
        break;
      }
      for (OpRecord record : page) {
        List<IncomingPayment> payments = usdcTransfers(record);
        for (int i = payments.size() - 1; i >= 0 && out.size() < limit; i--) {
          IncomingPayment payment = payments.get(i);
          if (account.equals(payment.from()) || account.equals(payment.to())) {
            out.add(payment);
          }
        }
        cursor = record.id();
      }
    }
    return out;
  }

  @Override
  public PaymentPage scanPayments(String cursor, int limit) {
    network.fault(CallKind.SCAN, false);
    long afterOp;
    int afterTransfer;
    try {
      if (cursor == null || cursor.startsWith("-")) {
        afterOp = -1;
        afterTransfer = Integer.MAX_VALUE;
      } else {
        int colon = cursor.indexOf(':');
        afterOp = Long.parseLong(cursor.substring(0, colon));
        afterTransfer = Integer.parseInt(cursor.substring(colon + 1));
      }
    } catch (RuntimeException e) {
      throw new ChainException("unknown cursor " + cursor);
    }
    List<IncomingPayment> payments = new ArrayList<>();
    String next = cursor;
    Long from = afterOp < 0 ? null : afterOp - 1;
    while (payments.size() < limit) {
      List<OpRecord> page = network.operations(null, from, true, 200);
      if (page.isEmpty()) {
        break;
      }
      for (OpRecord record : page) {
        from = record.id();
        List<IncomingPayment> transfers = usdcTransfers(record);
        for (int i = 0; i < transfers.size() && payments.size() < limit; i++) {
          if (record.id() == afterOp && i <= afterTransfer) {
            continue;
          }
          IncomingPayment payment = transfers.get(i);
          next = payment.cursor();
          if (!payment.to().startsWith("C")) {
            payments.add(payment);
          }
        }
        if (payments.size() >= limit) {
          break;
        }
      }
    }
    return new PaymentPage(payments, next, payments.size() >= limit);
  }

  /** The USDC movements of an operation, each identified by the transaction hash and a per-transaction index. */
  private List<IncomingPayment> usdcTransfers(OpRecord record) {
    List<IncomingPayment> out = new ArrayList<>();
    Instant closedAt = Instant.ofEpochMilli(record.closedAtMillis());
    String code = network.usdcCode();
    String issuer = network.usdcIssuer();
    boolean paid = record.type().equals("payment") || record.type().startsWith("path_payment");
    if (paid && !record.asset().isNative()
        && record.asset().code().equals(code) && record.asset().issuer().equals(issuer)) {
      out.add(new IncomingPayment(record.txHash(), record.opIndex() * 1000, record.from(), record.to(),
          Money.ofStroops(record.amount()), closedAt, record.id() + ":0"));
    }
    for (int k = 0; k < record.transfers().size(); k++) {
      OpRecord.Transfer transfer = record.transfers().get(k);
      out.add(new IncomingPayment(record.txHash(), record.opIndex() * 1000 + k, transfer.from(), transfer.to(),
          Money.ofStroops(transfer.amount()), closedAt, record.id() + ":" + k));
    }
    return out;
  }
}
