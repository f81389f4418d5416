package com.offerhub.orchestrator.spi.escrow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which answers of an escrow service make the saga runner fail a step rather than ask again. */
class EscrowGatewayExceptionTest {
  @Test
  void aRefusalThatWouldRepeatIsOneTheServiceMadeAboutTheRequest() {
    for (int status : new int[] {400, 401, 403, 409, 422}) {
      assertTrue(new EscrowGatewayException(status, "refused").refused(), "status " + status);
    }
    for (int status : new int[] {0, 404, 408, 429, 500, 502, 503, 504}) {
      assertFalse(new EscrowGatewayException(status, "try again").refused(), "status " + status);
    }
    assertFalse(new EscrowGatewayException("unreachable", new java.io.IOException("reset")).refused());
  }
}
