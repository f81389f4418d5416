package com.offerhub.orchestrator.server;

class H2MalformedInputTest extends MalformedInputScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.H2;
  }
}
