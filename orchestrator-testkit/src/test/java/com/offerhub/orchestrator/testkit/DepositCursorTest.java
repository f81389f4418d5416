package com.offerhub.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.offerhub.orchestrator.model.Money;
import com.offerhub.orchestrator.spi.chain.ChainAdapter;
import com.offerhub.orchestrator.spi.chain.IncomingPayment;
import com.offerhub.orchestrator.spi.chain.KeyPair;
import com.offerhub.orchestrator.spi.chain.PaymentPage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real network's payment scan passes over other people's payments: a page may hold nothing for
 * the engine and still move the cursor. The watcher keeps that progress.
 */
class DepositCursorTest {
  /** Answers only payments into the engine's wallets, as a scan of a busy network mostly does. */
  private static final class OnlyOurs extends ForwardingChainAdapter {
    private final List<String> ours;
    final List<String> cursorsAsked = Collections.synchronizedList(new ArrayList<>());

    OnlyOurs(ChainAdapter chain, List<String> ours) {
      super(chain);
      this.ours = ours;
    }

    @Override
    public PaymentPage scanPayments(String cursor, int limit) {
      cursorsAsked.add(String.valueOf(cursor));
      PaymentPage page = delegate().scanPayments(cursor, limit);
      List<IncomingPayment> kept = page.payments().stream().filter(p -> ours.contains(p.to())).toList();
      return new PaymentPage(kept, page.nextCursor());
    }










  }

  @Test
  void aPageOfOnlyOtherPeoplesPaymentsStillMovesTheStoredCursor() {
    List<String> ours = Collections.synchronizedList(new ArrayList<>());
    List<OnlyOurs> adapters = new ArrayList<>();
    TestEngine test = TestEngine.builder().decorateChain(chain -> {
      OnlyOurs wrapped = new OnlyOurs(chain, ours);
      adapters.add(wrapped);
      return wrapped;
    }).build();
    var user = test.user("someone");
    ours.add(test.engine().wallets().depositAddress(user.id()));
    test.engine().scanDeposits();

    ChainAdapter network = test.network().chainAdapter();
    KeyPair stranger = network.newKeyPair();
    network.activate(stranger.publicKey(), stranger.secret());
    test.network().depositFromOutside(stranger.publicKey(), Money.of(3));
    OnlyOurs chain = adapters.get(0);
    int before = chain.cursorsAsked.size();
    assertEquals(0, test.engine().scanDeposits());
    String passedOver = network.scanPayments(null, 1000).nextCursor();
    assertNotNull(passedOver);
    assertEquals(0, test.engine().scanDeposits());
    assertEquals(passedOver, chain.cursorsAsked.get(before + 1), "the next scan starts after the stranger's payment");
    assertNotEquals(chain.cursorsAsked.get(before), chain.cursorsAsked.get(before + 1));

    test.deposit(user, "5.00");
    assertEquals(Money.of(5), test.balance(user).available(), "a later deposit of ours is still credited");
  }
}
