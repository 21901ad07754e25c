/** Operator accounts (console and API users) with roles and the units they may write in. */
export { operatorAdminRoutes, operatorRoutes } from './operators.routes.js';
export {
  actorOf,
  addOperator,
  authenticate,
  createOperator,
  hasOperators,
  listOperators,
  login,
  type OperatorInput,
  type OperatorView,
} from './operators.service.js';
