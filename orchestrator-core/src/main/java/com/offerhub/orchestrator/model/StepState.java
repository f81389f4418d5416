package com.offerhub.orchestrator.model;

/**
 * Durable progress of one on-chain transaction: planned, unsigned transaction received, signed
 * envelope and hash stored (before submission), submitted, then confirmed or definitively failed.
 */
public enum StepState {
  PLANNED, UNSIGNED, SIGNED, SUBMITTED, CONFIRMED, FAILED
}
