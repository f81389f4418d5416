package com.offerhub.orchestrator.model;

/** Who opened a dispute (declared by the marketplace). */
public enum DisputeParty {
  BUYER, SELLER
}
