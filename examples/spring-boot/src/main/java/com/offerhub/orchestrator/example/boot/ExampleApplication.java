package com.offerhub.orchestrator.example.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A marketplace backend on Spring Boot: {@code orchestrator-spring-boot-starter} auto-configures the
 * engine from {@code offerhub.*} and the application's {@code DataSource}; {@link MarketplaceController}
 * calls it. {@code application.properties} runs the sandbox (simulated network, in-memory H2).
 */
@SpringBootApplication
public class ExampleApplication {
  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
