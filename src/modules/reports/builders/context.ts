/**
 * What every report builder is given: the services it reads through (each module's index.ts), the
 * partnership, which figures it may show, and the narrative coordinators wrote for this report and period.
 */
import type { EvidenceReportService } from '../../evidence/index.js';
import type { GovernanceService } from '../../governance/index.js';
import type { Partnership } from '../../partnerships/index.js';
import type { PlansServices } from '../../plans/index.js';
import type { Block } from '../model.js';
import { paragraphsOf } from '../model.js';

export interface BuildContext {
  evidence: EvidenceReportService;
  plans: PlansServices;
  governance: GovernanceService;
  partnership: Partnership;
  /** 'published': small numbers hidden; 'analyst': every figure (drafts for analysts). */
  view: 'published' | 'analyst';
  narrative: Map<string, string>;
  /** Indicators whose figures the report used (for the data sources and the imports behind them). */
  usedIndicators: Set<string>;
  now: Date;
}

export function narrativeBlock(ctx: BuildContext, key: string, label: string): Block {
  return { type: 'narrative', key, label, paragraphs: paragraphsOf(ctx.narrative.get(key) ?? '') };
}

/** Width and height of a standalone SVG, from its attributes. */
export function svgSize(svg: string): { width: number; height: number } {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 640);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 400);
  return { width, height };
}

/** The text of an SVG's <desc>, its description for screen readers. */
export function svgDescription(svg: string, fallback: string): string {
  const d = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)?.[1];
  return d
    ? d
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
    : fallback;
}
