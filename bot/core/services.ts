/**
 * Everything a feature may use, passed to it once at registration. Features reach storage,
 * the directory, the calendar, the scheduler and outbound messages only through this.
 *
 * @example
 *   export const dropIns: Feature = { name: 'drop-ins', register(router, services) { ... } };
 */
import type { AuthorityConfig } from '../config/schema';
import type { Env } from '../config/schema';
import type { ActivityLog } from '../../storage/activity-log';
import type { ConversationStore } from '../../storage/conversations';
import type { Store } from '../../storage/store';
import type { Scheduler } from '../scheduling/scheduler';
import type { SchoolCalendar } from './calendar';
import type { Directory } from './directory';
import type { DirectoryOverlay } from './directory-overlay';
import type { FiguresRegistry } from './figures';
import type { HomeRegistry } from './home';
import type { HttpRoutes } from './http-routes';
import type { InFlight } from './in-flight';
import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Notifier } from './notifier';
import type { Router } from './router';

export interface Services {
  config: AuthorityConfig;
  /** Public base URL for links the bot serves (images, downloads). */
  publicUrl: string;
  directory: Directory;
  /** Business support's directory changes from chat, shared by every process (absent: file only). */
  directoryOverlay?: DirectoryOverlay;
  calendar: SchoolCalendar;
  store: Store;
  activityLog: ActivityLog;
  conversations: ConversationStore;
  notifier: Notifier;
  scheduler: Scheduler;
  /** Workload figures each feature reports for the digest. */
  figures: FiguresRegistry;
  /** Sections each feature adds to a person's home (Slack App Home, `home` command). */
  home: HomeRegistry;
  /** GET routes features serve on the bot's server (images, downloads). */
  routes: HttpRoutes;
  log: Logger;
  /** The current time; tests pass their own. */
  now(): Date;
  env?: Env;
  /** Prometheus metrics (/metrics); features may add collectors. */
  metrics?: Metrics;
  /** Turns in hand, so a stopping process finishes them before closing storage. */
  work?: InFlight;
}

export interface Feature {
  name: string;
  register(router: Router, services: Services): void;
}
