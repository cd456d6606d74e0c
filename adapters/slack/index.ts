/** Slack adapter (issue 4): the only place that imports @slack/*. */
import type { App } from '../../bot/app';

export async function mountSlack(_app: App): Promise<void> {}
