import type { Section } from '../model.js';
import type { BuildContext } from './context.js';
export async function buildAssurance(_ctx: BuildContext, _periodKey: string): Promise<Section[]> {
  await Promise.resolve();
  throw new Error('not built yet');
}
