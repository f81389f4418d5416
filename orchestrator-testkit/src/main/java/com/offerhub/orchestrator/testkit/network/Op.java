package com.offerhub.orchestrator.testkit.network;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One operation of a {@link Tx}. {@code source()} is the operation's own source account, or null
 * for the transaction's source.
 */
public sealed interface Op extends Serializable {
  String source();

  /** Creates {@code destination} with {@code startingBalance} stroops of XLM (0 is allowed when sponsored). */
  record CreateAccount(String source, String destination, long startingBalance) implements Op {
    public CreateAccount {
      Objects.requireNonNull(destination, "destination");
    }
  }

  /** Pays {@code amount} stroops of {@code asset}. */
  record Payment(String source, String destination, Asset asset, long amount) implements Op {
    public Payment {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(asset, "asset");
    }
  }

  /**
   * A path payment: strict send ({@code strictSend}: exactly {@code sendAmount} of {@code sendAsset}
   * goes out, at least {@code destAmount} of {@code destAsset} must arrive) or strict receive
   * (exactly {@code destAmount} arrives, at most {@code sendAmount} goes out). The model has no
   * order books: the same asset passes 1:1, and XLM buys a credit asset from its issuer at
   * {@link #XLM_PER_UNIT} XLM a unit; any other pair finds no offers. Any path given is ignored.
   */
  record PathPayment(String source, String destination, Asset sendAsset, long sendAmount, Asset destAsset,
      long destAmount, boolean strictSend) implements Op {
    /** XLM that one unit of a credit asset costs through its issuer's standing offer. */
    public static final long XLM_PER_UNIT = 10;

    public PathPayment {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(sendAsset, "sendAsset");
      Objects.requireNonNull(destAsset, "destAsset");
    }

    /** Whether the model can convert the pair at all. */
    public boolean convertible() {
      return sendAsset.equals(destAsset) || sendAsset.isNative() && !destAsset.isNative();
    }

    /** What arrives (stroops of {@code destAsset}) when the pair is {@link #convertible()}. */
    public long delivered() {
      if (!strictSend) {
        return destAmount;
      }
      return sendAsset.equals(destAsset) ? sendAmount : sendAmount / XLM_PER_UNIT;
    }

    /** What goes out (stroops of {@code sendAsset}) when the pair is {@link #convertible()}. */
    public long sent() {
      if (strictSend) {
        return sendAmount;
      }
      return sendAsset.equals(destAsset) ? destAmount : Math.multiplyExact(destAmount, XLM_PER_UNIT);
    }
  }

  /** Opens, changes ({@code limit} > 0) or removes ({@code limit} 0) a trustline. */
  record ChangeTrust(String source, Asset asset, long limit) implements Op {
    public ChangeTrust {
      Objects.requireNonNull(asset, "asset");
    }
  }

  /** The source pays the reserves of what {@code sponsored} creates until the matching end. */
  record BeginSponsoring(String source, String sponsored) implements Op {
    public BeginSponsoring {
      Objects.requireNonNull(sponsored, "sponsored");
    }
  }

  /** Ends the sponsorship of the source's future reserves. */
  record EndSponsoring(String source) implements Op {}

  /** Invokes {@code function} of {@code contract} with {@code args}, authorised by {@code auth}. */
  record InvokeContract(String source, String contract, String function, List<ScVal> args, List<AuthEntry> auth)
      implements Op {
    public InvokeContract {
      Objects.requireNonNull(contract, "contract");
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
      auth = List.copyOf(auth);
    }
  }

  /** An operation type the model does not implement (it fails as {@code op_not_supported}). */
  record Unsupported(String source, String type) implements Op {}
}
