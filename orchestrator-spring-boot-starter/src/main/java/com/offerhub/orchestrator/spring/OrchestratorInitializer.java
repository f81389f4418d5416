package com.offerhub.orchestrator.spring;

import com.offerhub.orchestrator.OrchestratorEngine;
import com.offerhub.orchestrator.model.User;

/**
 * Called once the engine is initialized (platform user and wallet ready), before its background
 * jobs start: beans of this type finish wiring that needs the platform's wallet (the Stellar
 * adapter's platform account, the sandbox treasury's first USDC). Applications may add their own.
 */
@FunctionalInterface
public interface OrchestratorInitializer {
  void initialized(OrchestratorEngine engine, User platform);
}
