export { supervisionRoutes } from './supervision.routes.js';
export { SupervisionEntry } from './supervision.entity.js';
