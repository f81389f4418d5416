package com.offerhub.orchestrator.airtm;

import com.offerhub.orchestrator.spi.coordination.RateLimiter;
import com.offerhub.orchestrator.spi.payment.PaymentProvider;
import com.offerhub.orchestrator.testkit.contract.PaymentProviderContract;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;

/** The payment-provider contract, run over HTTP against {@link FakeAirtm}. */
class AirtmContractTest extends PaymentProviderContract {
  private MockWebServer server;
  private FakeAirtm airtm;

  @Override
  protected PaymentProvider newProvider() {
    airtm = new FakeAirtm("key-1", "secret-1");
    server = new MockWebServer();
    server.setDispatcher(airtm);
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    AirtmSettings settings = AirtmSettings.sandbox("key-1", "secret-1", "https://orchestrator.example")
        .withBaseUrl(server.url("/v2").toString()).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
    return new AirtmPaymentProvider(settings, RateLimiter.unlimited());
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Override
  protected void settlePayin(String providerRef) {
    airtm.settlePayin(providerRef);
  }

  @Override
  protected void loseNextResponse() {
    airtm.loseNextResponse();
  }

  @Override
  protected void refuseNextNewCreate(String reason) {
    airtm.refuseNextNewCreate("415059", reason);
  }

  @Override
  protected void registerAccount(String email, boolean active, boolean verified) {
    airtm.registerUser(email, active, verified);
  }

  @Override
  protected void completePayout(String providerRef) {
    airtm.completePayout(providerRef);
  }
}
