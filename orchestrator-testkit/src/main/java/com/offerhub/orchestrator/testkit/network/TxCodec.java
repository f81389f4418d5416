package com.offerhub.orchestrator.testkit.network;

/**
 * How a front encodes the transactions the network makes itself (minting, friendbot, load): their
 * hash and envelope in the front's format, so that lookups answer for them as for any other.
 */
public interface TxCodec {
  /** The hash and envelope of an unsigned transaction of the network named by {@code passphrase}. */
  Encoded encode(Tx tx, String passphrase);

  /** A hash (lowercase hex) and an envelope. */
  record Encoded(String hash, String envelope) {}
}
