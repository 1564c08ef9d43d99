/**
 * Accreditation of schools: institutions, programmes, accreditation decisions and graduate lists.
 * This file is the module's public surface: other modules import only from here (the linter enforces it).
 */
export { accreditationRoutes } from './accreditation.routes.js';
export { accreditationJobs } from './accreditation.jobs.js';
export { isQualificationAccredited } from './accreditation.public.js';
export { accreditedOn, type AccreditationWindow, type Eligibility } from './accreditation.rules.js';
export {
  Institution,
  Programme,
  Accreditation,
  Graduate,
  QUALIFICATION_LEVELS,
  type QualificationLevel,
  AccreditationApplication,
  AccreditationCondition,
  GraduateUpload,
  InstitutionAdmin,
} from './accreditation.entity.js';
