/**
 * Sign-ups are counted per address, and in Redis the count outlives the server: every suite's
 * servers on a shared Redis sign up from 127.0.0.1, so they would use up one budget together
 * (across runs too). Suites that test that limit run on the other stores or name their own.
 */
export const sharedRedisSignUps = { SIGN_UPS_PER_ADDRESS: '100000' };
