package com.offerhub.orchestrator.server;

class PostgresApiTest extends ApiScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.POSTGRES;
  }
}
