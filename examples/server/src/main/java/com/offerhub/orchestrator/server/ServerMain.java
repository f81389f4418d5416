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
    OrchestratorServer server = new OrchestratorServer(config, System.getenv()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "orchestrator-shutdown"));
  }
}
