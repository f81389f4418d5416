/** Storage SPI: a unit of work and one repository per aggregate. */
package com.offerhub.orchestrator.spi.storage;
