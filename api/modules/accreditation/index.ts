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
} from './accreditation.entity.js';
