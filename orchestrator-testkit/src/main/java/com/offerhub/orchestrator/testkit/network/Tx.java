package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A transaction as the network model applies it, whatever front decoded it: the in-process
 * envelope format or real XDR. {@code hash} is the (inner) transaction's hash; a fee-bump adds
 * {@code feeSource}, {@code outerFee} and {@code outerHash}. Time bounds are epoch milliseconds,
 * inclusive ({@code maxTimeMillis} {@link Long#MAX_VALUE} when unbounded). {@code signers} are the
 * public keys whose signatures over the inner hash the front verified, {@code outerSigners} those
 * over the fee-bump hash; {@code extraSignatures} counts signatures that matched no required
 * signer. {@code resourceFee} is the Soroban resource fee declared in the transaction data
 * ({@code soroban} true when such data is attached). {@code envelope} is the front's encoding,
 * echoed back by lookups.
 */
public record Tx(String hash, String outerHash, String source, long sequence, long fee, boolean soroban,
    long resourceFee, String feeSource, long outerFee, long minTimeMillis, long maxTimeMillis, Memo memo,
    List<Op> operations, Set<String> signers, Set<String> outerSigners, int extraSignatures, String envelope,
    Origin origin) implements Serializable {

  /** Where a transaction came from: a front, the model itself (minting, friendbot), or the load knob. */
  public enum Origin { SUBMITTED, INTERNAL, LOAD }

  public Tx {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(memo, "memo");
    Objects.requireNonNull(origin, "origin");
    operations = List.copyOf(operations);
    signers = Set.copyOf(signers);
    outerSigners = Set.copyOf(outerSigners);
  }

  public boolean isFeeBump() {
    return feeSource != null;
  }

  /** The account that pays the fee: the fee-bump's fee source, else the source. */
  public String feePayer() {
    return feeSource != null ? feeSource : source;
  }

  /** The hash lookups answer first: the fee-bump's when there is one. */
  public String primaryHash() {
    return outerHash != null ? outerHash : hash;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Tx}; the hash and envelope usually come last, from the front's codec. */
  public static final class Builder {
    private String hash = "";
    private String outerHash;
    private String source;
    private long sequence;
    private long fee = 100;
    private boolean soroban;
    private long resourceFee;
    private String feeSource;
    private long outerFee;
    private long minTimeMillis;
    private long maxTimeMillis = Long.MAX_VALUE;
    private Memo memo = Memo.NONE;
    private final List<Op> operations = new ArrayList<>();
    private final Set<String> signers = new LinkedHashSet<>();
    private final Set<String> outerSigners = new LinkedHashSet<>();
    private int extraSignatures;
    private String envelope;
    private Origin origin = Origin.SUBMITTED;

    public Builder hash(String value) {
      this.hash = value;
      return this;
    }

    public Builder outerHash(String value) {
      this.outerHash = value;
      return this;
    }

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    public Builder sequence(long value) {
      this.sequence = value;
      return this;
    }

    public Builder fee(long value) {
      this.fee = value;
      return this;
    }

    /** Marks Soroban transaction data attached, declaring {@code value} stroops of resource fee. */
    public Builder resourceFee(long value) {
      this.soroban = true;
      this.resourceFee = value;
      return this;
    }

    public Builder feeBump(String feeSourceAccount, long fee) {
      this.feeSource = feeSourceAccount;
      this.outerFee = fee;
      return this;
    }

    public Builder timeBounds(long minMillis, long maxMillis) {
      this.minTimeMillis = minMillis;
      this.maxTimeMillis = maxMillis;
      return this;
    }

    public Builder memo(Memo value) {
      this.memo = value;
      return this;
    }

    public Builder op(Op op) {
      operations.add(op);
      return this;
    }

    public Builder signer(String publicKey) {
      signers.add(publicKey);
      return this;
    }

    public Builder outerSigner(String publicKey) {
      outerSigners.add(publicKey);
      return this;
    }

    public Builder extraSignatures(int value) {
      this.extraSignatures = value;
      return this;
    }

    public Builder envelope(String value) {
      this.envelope = value;
      return this;
    }

    public Builder origin(Origin value) {
      this.origin = value;
      return this;
    }

    public Tx build() {
      return new Tx(hash, outerHash, source, sequence, fee, soroban, resourceFee, feeSource, outerFee, minTimeMillis,
          maxTimeMillis, memo, operations, signers, outerSigners, extraSignatures, envelope, origin);
    }
  }

  /** A copy with the hash (and fee-bump hash) and envelope the front's codec computed. */
  public Tx withEncoding(String newHash, String newOuterHash, String newEnvelope) {
    return new Tx(newHash, newOuterHash, source, sequence, fee, soroban, resourceFee, feeSource, outerFee,
        minTimeMillis, maxTimeMillis, memo, operations, signers, outerSigners, extraSignatures, newEnvelope, origin);
  }
}
