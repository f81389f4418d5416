/** Key custody implementations that need only the JDK. */
package com.offerhub.orchestrator.crypto;
