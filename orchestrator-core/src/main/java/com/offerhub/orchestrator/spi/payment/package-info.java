/** Payment provider SPI (fiat pay-ins and payouts). */
package com.offerhub.orchestrator.spi.payment;
