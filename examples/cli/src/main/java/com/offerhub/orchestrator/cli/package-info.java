/**
 * The operator CLI ({@code orchestrator-cli.jar}, picocli): API keys, balances, sagas and the event
 * stream through a running server's REST API; schema migration, ledger verification and wallet key
 * re-encryption straight against the database. Exit codes are listed in {@link OrchestratorCli}.
 */
package com.offerhub.orchestrator.cli;
