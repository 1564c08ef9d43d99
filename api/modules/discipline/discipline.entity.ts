import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Registrant } from '../registrants/index.js';
import { Licence } from '../licences/index.js';
import {
  assertCaseTransition,
  type CaseStage,
  type NotifyStep,
  type OutcomeType,
  type PublicationPolicy,
  type SanctionStatus,
} from './discipline.rules.js';

/**
 * A fitness-to-practise case. A complaint (from the public form or entered by staff) opens a case
 * at intake: the complainant, the respondent as named and, once matched, the registrant and
 * licence, the allegation category and the received date live on the case.
 */
export const DisciplineCaseSchema = defineEntity({
  name: 'DisciplineCase',
  tableName: 'discipline_case',
  indexes: [{ properties: ['stage', 'receivedOn'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    reference: p.string().length(40).unique(),
    stage: p.string().length(20).$type<CaseStage>(),
    stageSince: p.date(),
    source: p.string().length(10).$type<'public' | 'staff'>(),
    complainantName: p.string().length(200),
    complainantEmail: p.string().length(254).nullable(),
    complainantPhone: p.string().length(40).nullable(),
    complainantRelationship: p.string().length(200).nullable(),
    respondentName: p.string().length(300),
    respondentLicenceNumber: p.string().length(40).nullable(),
    registrant: () => p.manyToOne(Registrant).ref().nullable().index(),
    licence: () => p.manyToOne(Licence).ref().nullable().index(),
    category: p.string().length(40),
    allegation: p.text(),
    receivedOn: p.date(),
    assignedTo: p.uuid().nullable(),
    hearingOn: p.date().nullable(),
    /** What the respondent is told about the case (the allegation as disclosed to them). */
    disclosedSummary: p.text().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class DisciplineCase extends DisciplineCaseSchema.class {
  moveTo(to: CaseStage, on: string): CaseStage {
    const from = this.stage;
    assertCaseTransition(from, to);
    this.stage = to;
    this.stageSince = on;
    return from;
  }
}
DisciplineCaseSchema.setClass(DisciplineCase);

/** The case timeline: stage changes, notes, documents, panel changes, outcomes. Append-only. */
export const DisciplineCaseEventSchema = defineEntity({
  name: 'DisciplineCaseEvent',
  tableName: 'discipline_case_event',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    case: () => p.manyToOne(DisciplineCase).ref().index(),
    kind: p
      .string()
      .length(20)
      .$type<
        | 'opened'
        | 'stage'
        | 'note'
        | 'document'
        | 'assignment'
        | 'panel'
        | 'conflict'
        | 'outcome'
        | 'appeal'
        | 'lifted'
        | 'matched'
      >(),
    stage: p.string().length(20).$type<CaseStage>(),
    toStage: p.string().length(20).$type<CaseStage>().nullable(),
    onDate: p.date(),
    note: p.text().nullable(),
    /** Shown to the respondent in their own view of the case. */
    disclosed: p.boolean(),
    data: p.json<Record<string, unknown>>().nullable(),
    actorId: p.uuid().nullable(),
    createdAt: p.datetime(),
  },
});
export class DisciplineCaseEvent extends DisciplineCaseEventSchema.class {}
DisciplineCaseEventSchema.setClass(DisciplineCaseEvent);

/** A panel member on a case: a staff account, or a named external (lay) member identified by e-mail. */
export const DisciplinePanelMemberSchema = defineEntity({
  name: 'DisciplinePanelMember',
  tableName: 'discipline_panel_member',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    case: () => p.manyToOne(DisciplineCase).ref().index(),
    memberKey: p.string().length(300),
    accountId: p.uuid().nullable(),
    externalName: p.string().length(200).nullable(),
    externalEmail: p.string().length(254).nullable(),
    role: p.string().length(20).$type<'chair' | 'member' | 'lay_member' | 'legal_adviser'>(),
    assignedAt: p.datetime(),
    removedAt: p.datetime().nullable(),
  },
});
export class DisciplinePanelMember extends DisciplinePanelMemberSchema.class {}
DisciplinePanelMemberSchema.setClass(DisciplinePanelMember);

/** A declared conflict of interest: the member may not sit on this case, nor on any case about the same registrant. */
export const DisciplineConflictSchema = defineEntity({
  name: 'DisciplineConflict',
  tableName: 'discipline_conflict',
  indexes: [{ properties: ['memberKey'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    case: () => p.manyToOne(DisciplineCase).ref().index(),
    memberKey: p.string().length(300),
    accountId: p.uuid().nullable(),
    externalName: p.string().length(200).nullable(),
    externalEmail: p.string().length(254).nullable(),
    reason: p.text(),
    declaredAt: p.datetime(),
  },
});
export class DisciplineConflict extends DisciplineConflictSchema.class {}
DisciplineConflictSchema.setClass(DisciplineConflict);

/**
 * An outcome of a case. Sanctions act on the licence through the daily sanctions job; an appeal
 * stays or replaces an outcome by changing its status and (for a replacement) adding a new row, so
 * the history keeps both. The publication window is fixed from the council's policy at decision.
 */
export const DisciplineSanctionSchema = defineEntity({
  name: 'DisciplineSanction',
  tableName: 'discipline_sanction',
  indexes: [{ properties: ['status', 'type'] }, { properties: ['publicationState'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    case: () => p.manyToOne(DisciplineCase).ref().index(),
    licence: () => p.manyToOne(Licence).ref().nullable().index(),
    type: p.string().length(24).$type<OutcomeType>(),
    status: p.string().length(12).$type<SanctionStatus>(),
    startsOn: p.date(),
    endsOn: p.date().nullable(),
    liftedOn: p.date().nullable(),
    conditionsText: p.text().nullable(),
    reasons: p.text(),
    decidedOn: p.date(),
    licenceConditionId: p.uuid().nullable(),
    replaces: p.uuid().nullable(),
    replacedBy: p.uuid().nullable(),
    publicText: p.text().nullable(),
    publishedFrom: p.date().nullable(),
    publishedUntil: p.date().nullable(),
    publicationState: p.string().length(12).$type<'unpublished' | 'published' | 'ended'>(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class DisciplineSanction extends DisciplineSanctionSchema.class {}
DisciplineSanctionSchema.setClass(DisciplineSanction);

/** The council's discipline settings (one row; defaults apply until it exists). */
export const DisciplineSettingsSchema = defineEntity({
  name: 'DisciplineSettings',
  tableName: 'discipline_settings',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    publication: p.json<PublicationPolicy>(),
    notifySteps: p.json<NotifyStep[]>(),
    updatedAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class DisciplineSettings extends DisciplineSettingsSchema.class {}
DisciplineSettingsSchema.setClass(DisciplineSettings);

/**
 * A complaint form token already used to open a case (its SHA-256), kept until the token would
 * have expired anyway: claimed with INSERT … ON CONFLICT DO NOTHING in the case's transaction, so a
 * token opens one case, across instances.
 */
export const ComplaintFormTokenSchema = defineEntity({
  name: 'ComplaintFormToken',
  tableName: 'complaint_form_token',
  properties: {
    tokenHash: p.string().length(64).primary(),
    expiresAt: p.datetime().index(),
  },
});
export class ComplaintFormToken extends ComplaintFormTokenSchema.class {}
ComplaintFormTokenSchema.setClass(ComplaintFormToken);
