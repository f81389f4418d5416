package com.offerhub.orchestrator.testkit.network;

/**
 * A snapshot of an account: XLM and USDC in stroops ({@code usdc} null without a trustline), the
 * sequence number, subentries and sponsorship counters, and the minimum balance they require.
 */
public record AccountView(String id, long xlm, long sequence, int subentries, int numSponsoring, int numSponsored,
    String sponsor, Long usdc, long usdcLimit, String trustlineSponsor, long lastModifiedLedger, long minBalance) {}
