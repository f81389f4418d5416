package com.offerhub.orchestrator.model;

/** Informational user type; never restricts roles. */
public enum UserType {
  BUYER, SELLER, BOTH
}
