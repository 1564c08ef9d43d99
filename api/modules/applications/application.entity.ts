import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Registrant } from '../registrants/index.js';
import type { LicenceApplicationStatus } from '../licences/index.js';
import type { RenewalDeclarations } from '../renewals/index.js';

export type ApplicationType = 'first_registration' | 'tier_upgrade' | 'restoration' | 'renewal';

/** What the applicant declared; a renewal adds criminal record, employment and the supervision question. */
export type Declarations = { ethics: boolean } & RenewalDeclarations;

export const LicenceApplicationSchema = defineEntity({
  name: 'LicenceApplication',
  tableName: 'licence_application',
  indexes: [{ properties: ['status'] }, { properties: ['licenceId'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    type: p.string().length(20).$type<ApplicationType>(),
    tierCode: p.string().length(40),
    status: p.string().length(24).$type<LicenceApplicationStatus>(),
    declarations: p.json<Declarations>(),
    informationRequest: p.text().nullable(),
    applicantNote: p.text().nullable(),
    decisionReason: p.text().nullable(),
    firstApprovalBy: p.uuid().nullable(),
    firstApprovalAt: p.datetime().nullable(),
    decidedBy: p.uuid().nullable(),
    decidedAt: p.datetime().nullable(),
    /** The licence issued or restored, or — for a renewal — the licence being renewed. */
    licenceId: p.uuid().nullable(),
    createdAt: p.datetime(),
    submittedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export class LicenceApplication extends LicenceApplicationSchema.class {}
LicenceApplicationSchema.setClass(LicenceApplication);

export const ExamResultSchema = defineEntity({
  name: 'ExamResult',
  tableName: 'exam_result',
  uniques: [{ properties: ['registrant', 'examCode', 'takenOn'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    examCode: p.string().length(40),
    takenOn: p.date(),
    passed: p.boolean(),
    score: p.integer().nullable(),
    recordedBy: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class ExamResult extends ExamResultSchema.class {}
ExamResultSchema.setClass(ExamResult);
