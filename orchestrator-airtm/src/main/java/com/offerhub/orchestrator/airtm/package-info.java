/**
 * AirTM as the fiat payment provider (issue 10): {@link com.offerhub.orchestrator.airtm.AirtmPaymentProvider}
 * on AirTM's published Enterprise API v2, configured by {@link com.offerhub.orchestrator.airtm.AirtmSettings},
 * and the Svix scheme AirTM signs its webhooks with ({@link com.offerhub.orchestrator.airtm.SvixSignature}).
 */
package com.offerhub.orchestrator.airtm;
