import { defineEntity, p } from '@mikro-orm/core';
import { Licence } from '../licences/index.js';

/**
 * How often a licence was looked up on the public register, per day. Who looked is never stored:
 * instances count in memory and add their counts here every few seconds.
 */
export const LicenceVerificationCountSchema = defineEntity({
  name: 'LicenceVerificationCount',
  tableName: 'licence_verification_count',
  properties: {
    licence: () => p.manyToOne(Licence).primary().ref().deleteRule('cascade'),
    day: p.date().primary(),
    count: p.integer(),
  },
});
export class LicenceVerificationCount extends LicenceVerificationCountSchema.class {}
LicenceVerificationCountSchema.setClass(LicenceVerificationCount);
