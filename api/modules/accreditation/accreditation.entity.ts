import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Account } from '../auth/index.js';
import type { AccreditationStatus, ApplicationStatus, ConditionStatus, Outcome } from './accreditation.rules.js';

export type QualificationLevel = 'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate';
export const QUALIFICATION_LEVELS: readonly QualificationLevel[] = [
  'certificate',
  'diploma',
  'bachelor',
  'master',
  'doctorate',
];

/** A school of social work or training provider. */
export const InstitutionSchema = defineEntity({
  name: 'Institution',
  tableName: 'institution',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(300),
    nameNative: p.string().length(300).nullable(),
    kind: p.string().length(30).$type<'school' | 'training_provider'>(),
    country: p.string().length(2),
    region: p.string().length(120),
    contactEmail: p.string().length(254).nullable(),
    contactPhone: p.string().length(40).nullable(),
    address: p.text().nullable(),
    website: p.string().length(300).nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Institution extends InstitutionSchema.class {}
InstitutionSchema.setClass(Institution);

/** Which accounts administer which institution (school_admin role). */
export const InstitutionAdminSchema = defineEntity({
  name: 'InstitutionAdmin',
  tableName: 'institution_admin',
  properties: {
    institution: () => p.manyToOne(Institution).primary().ref().deleteRule('cascade'),
    account: () => p.manyToOne(Account).primary().ref().deleteRule('cascade'),
    createdAt: p.datetime(),
  },
});
export class InstitutionAdmin extends InstitutionAdminSchema.class {}
InstitutionAdminSchema.setClass(InstitutionAdmin);

export const ProgrammeSchema = defineEntity({
  name: 'Programme',
  tableName: 'programme',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    institution: () => p.manyToOne(Institution).ref().index(),
    name: p.string().length(300),
    nameNative: p.string().length(300).nullable(),
    level: p.string().length(20).$type<QualificationLevel>(),
    durationMonths: p.integer(),
    credits: p.integer(),
    fieldPlacementHours: p.integer(),
    deliveryMode: p.string().length(20).$type<'in_person' | 'online' | 'blended'>(),
    active: p.boolean().default(true),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Programme extends ProgrammeSchema.class {}
ProgrammeSchema.setClass(Programme);

export const AccreditationApplicationSchema = defineEntity({
  name: 'AccreditationApplication',
  tableName: 'accreditation_application',
  indexes: [{ properties: ['status'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    programme: () => p.manyToOne(Programme).ref().index(),
    status: p.string().length(20).$type<ApplicationStatus>(),
    selfStudySummary: p.text(),
    reviewerIds: p.array().$type<string[]>(),
    siteVisitDate: p.date().nullable(),
    siteVisitFindings: p.text().nullable(),
    outcome: p.string().length(30).$type<Outcome>().nullable(),
    decisionReason: p.text().nullable(),
    decidedAt: p.datetime().nullable(),
    decidedBy: p.uuid().nullable(),
    accreditationId: p.uuid().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    submittedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export class AccreditationApplication extends AccreditationApplicationSchema.class {}
AccreditationApplicationSchema.setClass(AccreditationApplication);

/** One accreditation window of a programme. History is kept: a new decision adds a window. */
export const AccreditationSchema = defineEntity({
  name: 'Accreditation',
  tableName: 'accreditation',
  indexes: [{ properties: ['status', 'validUntil'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    programme: () => p.manyToOne(Programme).ref().index(),
    application: () => p.manyToOne(AccreditationApplication).ref(),
    outcome: p.string().length(30).$type<'accredited' | 'accredited_with_conditions'>(),
    status: p.string().length(20).$type<AccreditationStatus>(),
    validFrom: p.date(),
    validUntil: p.date(),
    withdrawnFrom: p.date().nullable(),
    withdrawalReason: p.text().nullable(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Accreditation extends AccreditationSchema.class {}
AccreditationSchema.setClass(Accreditation);

export const AccreditationConditionSchema = defineEntity({
  name: 'AccreditationCondition',
  tableName: 'accreditation_condition',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    accreditation: () => p.manyToOne(Accreditation).ref().index(),
    text: p.text(),
    dueDate: p.date(),
    status: p.string().length(10).$type<ConditionStatus>(),
    resolvedAt: p.datetime().nullable(),
    note: p.text().nullable(),
    version: p.integer().version(),
  },
});
export class AccreditationCondition extends AccreditationConditionSchema.class {}
AccreditationConditionSchema.setClass(AccreditationCondition);

/** A graduate list as uploaded: validated first, imported only when a registrar accepts it. */
export const GraduateUploadSchema = defineEntity({
  name: 'GraduateUpload',
  tableName: 'graduate_upload',
  uniques: [{ properties: ['institution', 'sha256'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    institution: () => p.manyToOne(Institution).ref(),
    filename: p.string().length(255),
    sha256: p.string().length(64),
    status: p.string().length(12).$type<'validated' | 'accepted'>(),
    rowCount: p.integer(),
    validCount: p.integer(),
    errors: p.json<{ row: number; field: string; reason: string }[]>(),
    validRows: p.json<GraduateRow[]>().lazy(),
    uploadedBy: p.uuid().nullable(),
    createdAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    acceptedBy: p.uuid().nullable(),
    importedCount: p.integer().nullable(),
  },
});
export class GraduateUpload extends GraduateUploadSchema.class {}
GraduateUploadSchema.setClass(GraduateUpload);

export type GraduateRow = {
  row: number;
  fullName: string;
  dateOfBirth: string;
  studentId: string;
  programmeId: string;
  graduationDate: string;
};

/** A graduate as reported by their school: primary-source evidence of a qualification. */
export const GraduateSchema = defineEntity({
  name: 'Graduate',
  tableName: 'graduate',
  uniques: [{ properties: ['programme', 'studentId'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    programme: () => p.manyToOne(Programme).ref(),
    studentId: p.string().length(60),
    fullName: p.string().length(300),
    dateOfBirth: p.date(),
    graduationDate: p.date(),
    upload: () => p.manyToOne(GraduateUpload).ref(),
    createdAt: p.datetime(),
  },
});
export class Graduate extends GraduateSchema.class {}
GraduateSchema.setClass(Graduate);
