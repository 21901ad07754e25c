/** Operator accounts (console and API users) with roles and the units they may write in. */
export { operatorRoutes } from './operators.routes.js';
export {
  actorOf,
  authenticate,
  createOperator,
  hasOperators,
  login,
  type OperatorInput,
  type OperatorView,
} from './operators.service.js';
