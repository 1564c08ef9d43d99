/** The explicit entity list (no folder scanning). */
import { Account } from './modules/auth/account.entity.js';
import {
  AuthSession,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCode,
  RefreshToken,
} from './modules/auth/session.entity.js';
import { SigningKey } from './modules/auth/signing-key.entity.js';
import { RateLimitBucket } from './modules/auth/rate-limit.entity.js';
import { AuditChainHead, AuditEvent } from './modules/audit/audit-event.entity.js';
import { Council, CpdCategory, Tier } from './modules/council/council.entity.js';
import { OutboxMessage } from './modules/notifications/outbox-message.entity.js';
import { JobRun } from './jobs/job-run.entity.js';
import { Document } from './modules/documents/document.entity.js';
import {
  Accreditation,
  AccreditationApplication,
  AccreditationCondition,
  Graduate,
  GraduateUpload,
  Institution,
  InstitutionAdmin,
  Programme,
} from './modules/accreditation/accreditation.entity.js';
import { IdentityChange, Qualification, Registrant } from './modules/registrants/registrant.entity.js';
import {
  Licence,
  LicenceCondition,
  LicenceEvent,
  LicenceNumberCounter,
  LicencePeriod,
} from './modules/licences/licence.entity.js';
import { ExamResult, LicenceApplication } from './modules/applications/application.entity.js';
import { SupervisionEntry } from './modules/supervision/supervision.entity.js';
import { MraLookup, MraPeer, MraSeenRequest } from './modules/mra/mra.entity.js';
import {
  CpdActivity,
  CpdAuditRound,
  CpdAuditSelection,
  CpdExemption,
  CpdProvider,
  CpdProviderAccount,
  CpdRecord,
  CpdRoster,
  CpdRuleSet,
  CpdSettings,
} from './modules/cpd/cpd.entity.js';
import {
  ComplaintFormToken,
  DisciplineCase,
  DisciplineCaseEvent,
  DisciplineConflict,
  DisciplinePanelMember,
  DisciplineSanction,
  DisciplineSettings,
} from './modules/discipline/discipline.entity.js';
import { CertificateIssuance } from './modules/certificates/certificate.entity.js';
import { PopulationFigure } from './modules/reports/population.entity.js';
import { ReportLicence, ReportPersonYear } from './modules/reports/report-tables.entity.js';
import { ImportJob } from './modules/imports/import.entity.js';
import {
  LicenceVerificationCount,
  PublicRegisterEntry,
  PublicRegisterLabel,
} from './modules/verification/verification.entity.js';
import {
  EmployerApiKey,
  EmployerMember,
  EmployerOrganisation,
  WatchEntry,
  WatchNotification,
  WatchScanCursor,
} from './modules/employers/employer.entity.js';

export const entities = [
  Account,
  AuthSession,
  RefreshToken,
  PasswordReset,
  PasswordResetRequest,
  RecoveryCode,
  SigningKey,
  RateLimitBucket,
  AuditEvent,
  AuditChainHead,
  Council,
  Tier,
  CpdCategory,
  OutboxMessage,
  JobRun,
  Document,
  Institution,
  InstitutionAdmin,
  Programme,
  AccreditationApplication,
  Accreditation,
  AccreditationCondition,
  GraduateUpload,
  Graduate,
  Registrant,
  Qualification,
  IdentityChange,
  Licence,
  LicencePeriod,
  LicenceEvent,
  LicenceCondition,
  LicenceNumberCounter,
  LicenceApplication,
  ExamResult,
  SupervisionEntry,
  MraPeer,
  MraLookup,
  MraSeenRequest,
  DisciplineCase,
  DisciplineCaseEvent,
  ComplaintFormToken,
  DisciplinePanelMember,
  DisciplineConflict,
  DisciplineSanction,
  DisciplineSettings,
  CertificateIssuance,
  CpdRuleSet,
  CpdSettings,
  CpdProvider,
  CpdProviderAccount,
  CpdActivity,
  CpdRoster,
  CpdRecord,
  CpdExemption,
  CpdAuditRound,
  CpdAuditSelection,
  PopulationFigure,
  ReportLicence,
  ReportPersonYear,
  ImportJob,
  EmployerOrganisation,
  EmployerMember,
  EmployerApiKey,
  WatchEntry,
  WatchNotification,
  WatchScanCursor,
  LicenceVerificationCount,
  PublicRegisterEntry,
  PublicRegisterLabel,
];
