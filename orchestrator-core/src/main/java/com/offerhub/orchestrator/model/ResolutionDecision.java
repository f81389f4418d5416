package com.offerhub.orchestrator.model;

/** How a dispute is settled. */
public enum ResolutionDecision {
  FULL_RELEASE, FULL_REFUND, SPLIT
}
