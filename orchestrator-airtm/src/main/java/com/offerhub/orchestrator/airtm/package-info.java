/** AirTM as the fiat payment provider (issue 10, in progress): so far the Svix webhook signature scheme. */
package com.offerhub.orchestrator.airtm;
