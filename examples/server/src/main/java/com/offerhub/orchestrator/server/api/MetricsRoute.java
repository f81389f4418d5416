package com.offerhub.orchestrator.server.api;

import com.offerhub.orchestrator.server.http.Router;
import com.offerhub.orchestrator.server.http.Scope;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} (at the root, outside {@code /api/v1}, where Prometheus looks): the meters
 * in Prometheus text format. Same authentication and rate limit as the API: the master key, or an
 * API key or token with the {@code support} scope (401 without, 403 with a weaker one).
 */
public final class MetricsRoute {
  public static final String PATH = "/metrics";
  /** Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusMeterRegistry registry;
  private final Router router;

  public MetricsRoute(PrometheusMeterRegistry registry, Router router) {
    this.registry = registry;
    this.router = router;
  }

  public void register(RoutesConfig routes) {
    routes.addHttpHandler(HandlerType.GET, PATH, this::scrape);
  }

  private void scrape(Context ctx) {
    try {
      router.admit(ctx, Scope.SUPPORT);
      ctx.status(200).contentType(CONTENT_TYPE).result(registry.scrape());
    } catch (Exception e) {
      router.error(ctx, e);
    }
  }
}
