package com.offerhub.orchestrator.spring;

import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Conditions on {@code offerhub.mode} and {@code offerhub.payment-provider}, read as the binder reads
 * them (any case, from any property source). A value that is not an option matches none: binding
 * the properties then reports it, naming the property.
 */
final class OfferhubConditions {
  private OfferhubConditions() {}

  static String mode(ConditionContext context) {
    return context.getEnvironment().getProperty("offerhub.mode", "sandbox").trim().toLowerCase(Locale.ROOT);
  }

  static String provider(ConditionContext context) {
    return context.getEnvironment().getProperty("offerhub.payment-provider", "crypto").trim()
        .toLowerCase(Locale.ROOT);
  }

  /** {@code offerhub.mode=sandbox} (the default). */
  static final class Sandbox implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return mode(context).equals("sandbox");
    }
  }

  /** {@code offerhub.mode=testnet} or {@code mainnet}. */
  static final class Live implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return mode(context).equals("testnet") || mode(context).equals("mainnet");
    }
  }

  /** {@code offerhub.payment-provider=airtm}. */
  static final class Airtm implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return provider(context).equals("airtm");
    }
  }
}
