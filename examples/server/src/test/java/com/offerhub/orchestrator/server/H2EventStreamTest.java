package com.offerhub.orchestrator.server;

class H2EventStreamTest extends EventStreamScenarios {
  @Override
  protected ServerHarness.Db db() {
    return ServerHarness.Db.H2;
  }
}
