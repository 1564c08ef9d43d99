import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../../shared/ids.js';
import { Account } from '../auth/index.js';
import { Programme } from '../accreditation/index.js';

export type Sector = 'social_welfare' | 'health' | 'education' | 'justice' | 'other';
export const SECTORS: readonly Sector[] = ['social_welfare', 'health', 'education', 'justice', 'other'];

/**
 * A person on the register (social worker or para-social worker). The national identity number is
 * sealed at rest; `nationalIdHash` (keyed HMAC) finds duplicates without decrypting.
 */
export const RegistrantSchema = defineEntity({
  name: 'Registrant',
  tableName: 'registrant',
  uniques: [{ properties: ['nationality', 'nationalIdHash'] }],
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    account: () => p.manyToOne(Account).ref().nullable().unique(),
    fullName: p.string().length(300),
    fullNameNative: p.string().length(300).nullable(),
    searchName: p.string().length(600).index(),
    dateOfBirth: p.date(),
    sex: p.string().length(12).$type<'female' | 'male' | 'other' | 'unspecified'>(),
    nationality: p.string().length(2),
    nationalIdSealed: p.text().hidden().lazy(),
    nationalIdHash: p.string().length(64),
    nationalIdLast4: p.string().length(4),
    email: p.string().length(254).nullable(),
    phone: p.string().length(40).nullable(),
    address: p.text().nullable(),
    region: p.string().length(120),
    employer: p.string().length(300).nullable(),
    sector: p.string().length(20).$type<Sector>(),
    createdAt: p.datetime(),
    version: p.integer().version(),
  },
});
export class Registrant extends RegistrantSchema.class {}
RegistrantSchema.setClass(Registrant);

/** A qualification the person declares; linked to a programme (local) or described (foreign). */
export const QualificationSchema = defineEntity({
  name: 'Qualification',
  tableName: 'qualification',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    programme: () => p.manyToOne(Programme).ref().nullable(),
    studentId: p.string().length(60).nullable(),
    foreign: p.boolean(),
    awardingInstitution: p.string().length(300),
    country: p.string().length(2),
    level: p.string().length(20).$type<'certificate' | 'diploma' | 'bachelor' | 'master' | 'doctorate'>(),
    title: p.string().length(300),
    awardedOn: p.date(),
    createdAt: p.datetime(),
  },
});
export class Qualification extends QualificationSchema.class {}
QualificationSchema.setClass(Qualification);

/** A change of name, date of birth or identity number: needs evidence and staff approval. */
export const IdentityChangeSchema = defineEntity({
  name: 'IdentityChange',
  tableName: 'identity_change',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => newId()),
    registrant: () => p.manyToOne(Registrant).ref().index(),
    field: p.string().length(20).$type<'fullName' | 'fullNameNative' | 'dateOfBirth' | 'nationalId'>(),
    newValueSealed: p.text().hidden().lazy(),
    reason: p.text(),
    status: p.string().length(10).$type<'pending' | 'approved' | 'rejected'>(),
    requestedBy: p.uuid(),
    decidedBy: p.uuid().nullable(),
    decisionNote: p.text().nullable(),
    createdAt: p.datetime(),
    decidedAt: p.datetime().nullable(),
    version: p.integer().version(),
  },
});
export class IdentityChange extends IdentityChangeSchema.class {}
IdentityChangeSchema.setClass(IdentityChange);
