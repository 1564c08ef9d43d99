export { disciplineRoutes } from './discipline.routes.js';
export {
  disciplineJobs,
  publishedSanctionsFor,
  applySanctions,
  sweepPublication,
  removeExpiredFormTokens,
  type PublishedSanction,
} from './discipline.jobs.js';
export { DisciplineCase, DisciplineSanction } from './discipline.entity.js';
export { CASE_TRANSITIONS, OUTCOME_TYPES, PRECEDENCE, type OutcomeType, type CaseStage } from './discipline.rules.js';
