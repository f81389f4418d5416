package com.offerhub.orchestrator.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.offerhub.orchestrator.examples.bench.OnChainLatencyBenchmark;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The latency benchmark runs end to end, and its figures are possible: nothing beats the chain's floor. */
class OnChainLatencyBenchmarkTest {
  @Test
  void everyFlowTakesAtLeastTheLedgersItsDependentTransactionsNeed() {
    List<OnChainLatencyBenchmark.Result> results = OnChainLatencyBenchmark.run(1, Duration.ofMillis(150));
    assertEquals(List.of("release", "refund", "withdrawal"), results.stream().map(OnChainLatencyBenchmark.Result::flow)
        .toList());
    for (OnChainLatencyBenchmark.Result result : results) {
      System.out.println(result);
      assertEquals(1, result.engine().size());
      assertEquals(1, result.bare().size());
      assertTrue(result.engine().stream().allMatch(l -> l >= result.floor()), result::toString);
      assertTrue(result.bare().stream().allMatch(l -> l >= result.floor()), result::toString);
    }
  }
}
