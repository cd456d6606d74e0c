/**
 * Team Around the School (issue 8): meeting series with reminders carrying the agenda and
 * open actions, and actions with owners, due dates, reminders and overdue nudges. Built only
 * on the core's Services; kept in its own repository on the store primitives.
 *
 * @example
 *   tas setup
 *   action @sw.amira call mum about attendance by Friday
 *   tas actions
 */
import type { Feature } from '../../core/services';
import { TasActions } from './actions';
import { TasContext } from './context';
import { tasFigures } from './figures';
import { tasHome } from './home';
import { TasMeetings } from './meetings';

export const tas: Feature = {
  name: 'tas',
  register(router, services) {
    const ctx = new TasContext(services);
    new TasMeetings(ctx).register(router);
    new TasActions(ctx).register(router);
    services.figures.register(tasFigures(ctx));
    services.home.register(tasHome(ctx));
  },
};
