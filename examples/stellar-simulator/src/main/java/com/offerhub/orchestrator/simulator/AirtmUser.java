package com.offerhub.orchestrator.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An AirTM user as {@code GET /users/{email}} shows it (spec/06 §7): {@code status} is
 * {@code "active"} or {@code "inactive"}, {@code country} the ISO alpha-3 code of the ID document
 * (may be null). Immutable.
 */
record AirtmUser(String id, String email, String status, boolean verified, String country, String firstName,
    String lastName) {

  boolean active() {
    return "active".equalsIgnoreCase(status);
  }

  /** Whether payouts to this user complete at once (active and verified). */
  boolean ready() {
    return active() && verified;
  }

  /** United States or Puerto Rico: no pay-ins, payouts of at least 1.00. */
  boolean us() {
    return "USA".equalsIgnoreCase(country) || "PRI".equalsIgnoreCase(country);
  }

  ObjectNode toJson() {
    ObjectNode node = Http.object();
    node.put("id", id);
    node.put("status", status);
    node.put("primaryEmail", true);
    if (firstName != null) {
      node.put("firstName", firstName);
    }
    if (lastName != null) {
      node.put("lastName", lastName);
    }
    if (country != null) {
      node.put("country", country);
    }
    node.put("isVerified", verified);
    return node;
  }
}
