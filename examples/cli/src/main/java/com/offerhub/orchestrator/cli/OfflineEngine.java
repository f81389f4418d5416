package com.offerhub.orchestrator.cli;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.jdbc.JdbcStorage;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.crypto.WalletKeyCipher;
import com.offerhub.orchestrator.spi.escrow.EscrowGateway;
import java.lang.reflect.Proxy;
import java.time.Clock;

/**
 * An engine on the database alone, for the maintenance commands that never reach a network (ledger
 * verification, wallet key re-encryption). The engine requires a chain adapter and an escrow gateway:
 * it gets ones that refuse every call, so a command that strayed onto the network would fail loudly
 * instead of acting. Its background jobs are never started.
 */
final class OfflineEngine {
  private OfflineEngine() {}

  static OrchestratorEngine on(JdbcStorage storage, WalletKeyCipher cipher) {
    return OrchestratorEngine.builder().storage(storage).chain(refusing(ChainAdapter.class))
        .escrow(refusing(EscrowGateway.class)).keyCipher(cipher == null ? refusing(WalletKeyCipher.class) : cipher)
        .clock(Clock.systemUTC()).instanceId("orchestrator-cli").build();
  }

  /** An implementation of {@code type} whose every method throws (Object's methods aside). */
  static <T> T refusing(Class<T> type) {
    Object proxy = Proxy.newProxyInstance(OfflineEngine.class.getClassLoader(), new Class<?>[] {type},
        (self, method, args) -> {
          switch (method.getName()) {
            case "toString":
              return "offline " + type.getSimpleName();
            case "hashCode":
              return System.identityHashCode(self);
            case "equals":
              return self == args[0];
            default:
              throw new IllegalStateException("the CLI works on the database only: " + type.getSimpleName() + "."
                  + method.getName() + " is not available");
          }
        });
    return type.cast(proxy);
  }
}
