/** Microsoft Teams adapter (issue 3): the only place that imports botbuilder. */
import type { App } from '../../bot/app';

export async function mountTeams(_app: App): Promise<void> {}
