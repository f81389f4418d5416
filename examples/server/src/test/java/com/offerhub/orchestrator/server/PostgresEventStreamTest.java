package com.offerhub.orchestrator.server;

class PostgresEventStreamTest extends EventStreamScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.POSTGRES;
  }
}
