/**
 * JDBC storage for the orchestrator engine: PostgreSQL in production, H2 (PostgreSQL mode) embedded.
 * The schema comes only from the Flyway migrations under {@code db/orchestrator}.
 */
package com.offerhub.orchestrator.jdbc;
