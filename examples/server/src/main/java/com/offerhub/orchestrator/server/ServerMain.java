package com.offerhub.orchestrator.server;

/** {@code java -jar orchestrator-server.jar}: configuration from the environment, graceful stop on SIGTERM. */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    ServerConfig config;
    try {
      config = ServerConfig.fromEnv(System.getenv());
    } catch (ServerConfig.ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    OrchestratorServer server;
    try {
      server = new OrchestratorServer(config, System.getenv()).start();
    } catch (ServerConfig.ConfigException e) {
      // found at start: a sandbox secret file under the data dir that is too short
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orchestrator-shutdown"));
  }
}
