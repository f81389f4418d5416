package com.offerhub.orchestrator.model;

/** Where a withdrawal goes; wire names are lowercase. */
public enum DestinationType {
  CRYPTO, BANK, AIRTM_BALANCE
}
