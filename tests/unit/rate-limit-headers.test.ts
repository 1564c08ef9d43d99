import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../api/shared/errors.js';
import { rateLimitHeaders, ratePolicyName } from '../../api/shared/rate-limit.js';

describe('RateLimit headers', () => {
  it('are the IETF RateLimit-Policy and RateLimit fields: quota and window, remaining and reset', () => {
    expect(
      rateLimitHeaders({ policy: 'pub-lookup', limit: 60, windowSeconds: 60, remaining: 12, resetSeconds: 37 }),
    ).toEqual({ 'RateLimit-Policy': '"pub-lookup";q=60;w=60', RateLimit: '"pub-lookup";r=12;t=37' });
  });

  it('say nothing remains when a limit refuses, resetting when Retry-After says', () => {
    const e = new RateLimitedError(37, { policy: 'default', limit: 60, windowSeconds: 60 });
    expect(rateLimitHeaders(e.state)).toEqual({
      'RateLimit-Policy': '"default";q=60;w=60',
      RateLimit: '"default";r=0;t=37',
    });
  });

  it('name the policy from the key, never the client in it', () => {
    expect(ratePolicyName('pub-lookup:203.0.113.9')).toBe('pub-lookup');
    expect(ratePolicyName('pub-search:2001:db8::1')).toBe('pub-search');
    expect(ratePolicyName('sign-in:account:someone@example.org')).toBe('sign-in:account');
    expect(ratePolicyName('complaint:ip:::1')).toBe('complaint:ip');
    expect(ratePolicyName('verify-bulk:org:5b0f6a8e-3c1d-4f7a-9e55-0d3b2c1a9f10')).toBe('verify-bulk:org');
    expect(ratePolicyName('certificate:5b0f6a8e-3c1d-4f7a-9e55-0d3b2c1a9f10')).toBe('certificate');
    expect(ratePolicyName('1.2.3.4')).toBe('default');
  });
});
