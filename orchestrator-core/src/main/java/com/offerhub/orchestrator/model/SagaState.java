package com.offerhub.orchestrator.model;

/** Overall state of a saga. */
public enum SagaState {
  PENDING, COMPLETED, FAILED;

  public boolean isTerminal() {
    return this != PENDING;
  }
}
