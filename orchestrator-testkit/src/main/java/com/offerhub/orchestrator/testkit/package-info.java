/** In-memory fakes and contract suites. */
package com.offerhub.orchestrator.testkit;
