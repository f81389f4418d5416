package com.offerhub.orchestrator.model;

/** User status. */
public enum UserStatus {
  ACTIVE, SUSPENDED, PENDING_VERIFICATION
}
