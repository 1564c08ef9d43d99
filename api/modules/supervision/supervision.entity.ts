import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Registrant } from '../registrants/index.js';

/** Hours of supervised practice, logged by the supervisee and confirmed or disputed by the supervisor. */
export const SupervisionEntrySchema = defineEntity({
  name: 'SupervisionEntry',
  tableName: 'supervision_entry',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    supervisee: () => p.manyToOne(Registrant).ref().index(),
    supervisor: () => p.manyToOne(Registrant).ref().index(),
    supervisorLicenceId: p.uuid(),
    periodStart: p.date(),
    periodEnd: p.date(),
    hours: p.decimal('number').precision(7).scale(2),
    description: p.text(),
    status: p.string().length(10).$type<'pending' | 'confirmed' | 'disputed'>(),
    disputeReason: p.text().nullable(),
    decidedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class SupervisionEntry extends SupervisionEntrySchema.class {}
SupervisionEntrySchema.setClass(SupervisionEntry);
