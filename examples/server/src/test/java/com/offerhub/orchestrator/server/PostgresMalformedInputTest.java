package com.offerhub.orchestrator.server;

class PostgresMalformedInputTest extends MalformedInputScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.POSTGRES;
  }
}
