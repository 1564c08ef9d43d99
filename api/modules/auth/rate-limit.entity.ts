import { defineEntity, p } from '@mikro-orm/core';

/** A fixed-window counter shared by every instance (the limiter updates it with one upsert). */
export const RateLimitBucketSchema = defineEntity({
  name: 'RateLimitBucket',
  tableName: 'rate_limit_bucket',
  properties: {
    key: p.string().length(200).primary(),
    windowStart: p.datetime(),
    hits: p.integer(),
  },
});
export class RateLimitBucket extends RateLimitBucketSchema.class {}
RateLimitBucketSchema.setClass(RateLimitBucket);
