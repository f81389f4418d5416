package com.offerhub.orchestrator;

import com.offerhub.orchestrator.model.DisputeParty;
import com.offerhub.orchestrator.model.DisputeReason;
import java.util.List;

/** Input of {@link OrderOperations#openDispute}; evidence is optional (URLs or text). */
public record OpenDisputeRequest(DisputeParty openedBy, DisputeReason reason, List<String> evidence) {
  public OpenDisputeRequest {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
  }
}
