package com.offerhub.orchestrator.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link OfferhubConfigurationException} into Spring Boot's start-up failure report. */
class OfferhubConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<OfferhubConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, OfferhubConfigurationException cause) {
    return new FailureAnalysis("The OFFER-HUB orchestrator cannot start:\n  - " + String.join("\n  - ",
        cause.problems()), "Change the offerhub.* properties named above (see the README's Spring Boot section).",
        cause);
  }
}
