package com.offerhub.orchestrator.model;

/** Why a dispute was opened. */
public enum DisputeReason {
  NOT_DELIVERED, QUALITY_ISSUE, OTHER
}
