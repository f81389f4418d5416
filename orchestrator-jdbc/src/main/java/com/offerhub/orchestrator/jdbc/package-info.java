/** JDBC storage (PostgreSQL and H2) for the orchestrator engine; arrives with its own issue. */
package com.offerhub.orchestrator.jdbc;
