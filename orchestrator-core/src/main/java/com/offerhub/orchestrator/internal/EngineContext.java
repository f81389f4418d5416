package com.offerhub.orchestrator.internal;

import com.offerhub.orchestrator.EngineConfig;
import com.offerhub.orchestrator.spi.IdGenerator;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.spi.storage.Storage;
import java.time.Clock;
import java.time.Instant;

/** The wired parts of one engine instance, shared by its internal services. */
public final class EngineContext {
  public final Storage storage;
  public final ChainAdapter chain;
  public final EscrowGateway escrow;
  public final PaymentProvider provider;
  public final WalletKeyCipher cipher;
  /** Opens wallet secrets; the only caller of {@code cipher.decrypt} for wallets. */
  public final WalletSecrets secrets;
  public final Clock clock;
  public final IdGenerator ids;
  public final EngineConfig config;
  public final Tx tx;
  /** The host's listeners; the adapters above report their failures to it. */
  public final Observer observer;

  public EngineContext(Storage storage, ChainAdapter chain, EscrowGateway escrow, PaymentProvider provider,
      WalletKeyCipher cipher, Clock clock, IdGenerator ids, EngineConfig config, Observer observer) {
    this.storage = storage;
    this.observer = observer;
    this.chain = observer.watch(ChainAdapter.class, chain, "chain");
    this.escrow = observer.watch(EscrowGateway.class, escrow, "escrow");
    this.provider = observer.watch(PaymentProvider.class, provider, "payment");
    this.cipher = cipher;
    this.secrets = new WalletSecrets(cipher);
    this.clock = clock;
    this.ids = ids;
    this.config = config;
    this.tx = new Tx(this);
  }

  public Instant now() {
    return clock.instant();
  }
}
