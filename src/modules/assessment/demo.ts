import { readDemoJson } from '../../demo/files.js';
import { parsePeriod } from '../../lib/periods.js';
import type { Services } from '../../services.js';
import { systemActor } from '../access/index.js';
import { listPartnerships } from '../partnerships/index.js';
import * as repo from './assessments/repository.js';

interface DemoAssessments {
  assessments: {
    partnership: string;
    year: string;
    title: string;
    summary: string;
    agree: boolean;
    indicators?: string[];
    sources?: Record<string, { title: string; url?: string; date?: string }>;
    themes: {
      title: string;
      description?: string;
      indicator?: string;
      scores: Record<string, [number, string | null]>;
      decision?: 'Adopted' | 'Not adopted';
      reason?: string;
      findings: { statement: string; figure?: string; indicator?: string; source?: string }[];
    }[];
  }[];
}

/**
 * Loads the demo assessments (data/demo/assessments.json) through the service, as a coordinator would:
 * the assessment, its themes, findings and scores; then, for the county group, agreement and the adoption of
 * its four priorities into the draft 2021–23 plan already in the demo. An assessment already held for its
 * partnership and year is left alone.
 */
export async function loadAssessmentDemo(services: Services): Promise<number> {
  const file = readDemoJson<DemoAssessments>('assessments.json');
  const svc = services.assessment.assessments;
  const partnerships = await listPartnerships(services.database.db, 'all');
  let created = 0;
  for (const a of file.assessments) {
    const partnership = partnerships.find((p) => p.name === a.partnership);
    if (!partnership) continue;
    const year = Number(parsePeriod(a.year).key.slice(0, 4));
    if (await repo.findAssessmentByYear(services.database.db, partnership.id, year)) continue;
    const assessment = await svc.createAssessment(systemActor, partnership.id, {
      title: a.title,
      year,
      summary: a.summary,
      benchmarkCode: 'E92000001',
    });
    created++;
    const themeIds: number[] = [];
    for (const t of a.themes) {
      const theme = await svc.addTheme(systemActor, assessment.id, {
        title: t.title,
        description: t.description,
        indicatorKey: t.indicator,
      });
      themeIds.push(theme.id);
      for (const f of t.findings) {
        const source = f.source ? a.sources?.[f.source] : undefined;
        await svc.addFinding(systemActor, theme.id, {
          statement: f.statement,
          figureText: f.figure,
          indicatorKey: f.indicator,
          sourceKind: source ? 'document' : 'indicator',
          sourceTitle: source?.title,
          sourceDate: source?.date,
          sourceUrl: source?.url,
        });
      }
      const scores = Object.fromEntries(
        Object.entries(t.scores).map(([k, [score, reason]]) => [k, { score: String(score), reason: reason ?? '' }]),
      );
      await svc.scoreTheme(systemActor, theme.id, theme.version, scores);
    }
    if (!a.agree) continue;
    const agreed = await svc.agree(systemActor, assessment.id, (await repo.findAssessment(services.database.db, assessment.id))!.version);
    const chosen = a.themes.map((t, i) => (t.decision === 'Adopted' ? themeIds[i]! : 0)).filter(Boolean);
    const reasons = Object.fromEntries(a.themes.map((t, i) => [themeIds[i]!, t.reason]));
    await svc.adopt(systemActor, assessment.id, agreed.version, chosen, reasons);
  }
  return created;
}
