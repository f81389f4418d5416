package com.offerhub.orchestrator.server;

class H2ApiTest extends ApiScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.H2;
  }
}
