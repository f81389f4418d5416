/** AirTM payment provider; arrives with its own issue. */
package com.offerhub.orchestrator.airtm;
