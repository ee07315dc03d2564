import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../test/support/app.js';
import { testRuntime } from '../../../test/support/db.js';
import { buildUser } from '../../../test/support/factories.js';
import { listPartnerships } from '../partnerships/index.js';
import { loadPartnershipsDemo } from '../partnerships/index.js';
import { loadEvidenceDemo } from '../evidence/index.js';
import { loadPlansDemo } from '../plans/index.js';
import { loadAssessmentDemo } from './demo.js';

describe('the demo assessments', () => {
  it('loads the county group’s 2021 assessment adopted into its draft 2021–23 plan, and Southampton’s 2016/17 pre-scored from data, once', async () => {
    const { services } = await testRuntime();
    await loadPartnershipsDemo(services);
    await loadPlansDemo(services);
    await loadEvidenceDemo(services, { policeUk: false });
    expect(await loadAssessmentDemo(services)).toBe(2);
    expect(await loadAssessmentDemo(services)).toBe(0); // idempotent

    const partnerships = await listPartnerships(services.database.db, 'all');
    const county = partnerships.find((p) => p.name === 'Hampshire Community Safety Strategy Group')!;
    const southampton = partnerships.find((p) => p.name === 'Southampton Safe City Partnership')!;
    const admin = await buildUser({ isAdmin: true });
    const agent = await signedInAgent(admin);

    const [hcssg] = (await services.assessment.assessments.listAssessments(admin.actor, county.id)).assessments;
    const view = await services.assessment.assessments.getAssessment(admin.actor, hcssg!.id);
    expect(view.assessment.status).toBe('agreed');
    const figures = view.themes.flatMap((t) => t.findings.map((f) => f.figureText)).filter(Boolean);
    expect(figures).toEqual(
      expect.arrayContaining([
        '−13%',
        '15 homicides in 2020',
        '126 in 2019/20 to 347 in 2020/21',
        '168 in the region, 47 owned by Hampshire Constabulary',
        'Grooming offences +83%',
        'Sexual offences −6%, rape −5%',
      ]),
    );
    // The four priorities of appendix two are the draft plan's own, linked back to their themes.
    const plan = await services.plans.plans.getPlan(admin.actor, view.assessment.adoptedPlanId!);
    expect(plan.plan.status).toBe('draft');
    expect(plan.plan.title).toContain('2021–23');
    expect(plan.priorities).toHaveLength(4);
    const adopted = view.themes.filter((t) => t.decision === 'adopted');
    expect(adopted.map((t) => plan.priorities.find((p) => p.id === t.priorityId)?.number)).toEqual([1, 2, 3, 4]);
    expect(view.themes.find((t) => t.title === 'Child abuse')!.decision).toBe('not-adopted');
    // The county's findings cite its documents, not indicators SaferHub holds for the county, so adopting them
    // gives its plan no scorecard measures (Southampton's findings have indicators, but its assessment is a draft).
    expect(view.themes.flatMap((t) => t.findings).filter((f) => f.indicatorKey)).toEqual([]);
    expect((await services.plans.scorecards.forPlan(admin.actor, plan.plan.id)).measures).toEqual([]);
    const doc = await agent.get(`/assessments/${hcssg!.id}/document`);
    expect(doc.body).toContain('Serious violence problem profile');
    expect(doc.body).toContain('Priorities chosen');
    expect(doc.body).toContain(`href="/assessments/${hcssg!.id}/document/download?format=pdf"`);
    expect(doc.body).toContain(`href="/assessments/${hcssg!.id}/document/download?format=docx"`);

    // The PDF: the themes, a figure, the matrix and the sources, as a reader of the file sees them.
    const pdf = await agent.get(`/assessments/${hcssg!.id}/document/download?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('strategic-assessment-2021-22-agreed.pdf');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'assessment-document-')), 'document.pdf');
    fs.writeFileSync(file, pdf.rawPayload);
    const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
    for (const theme of view.themes) expect(text).toContain(theme.title);
    expect(text).toContain('126 in 2019/20 to 347 in 2020/21');
    expect(text).toContain('Prioritisation matrix');
    expect(text).toContain('Agreed on');
    expect(text).toContain('Open Government Licence');

    // The Word document: real headings, and the matrix as a table.
    const docx = await agent.get(`/assessments/${hcssg!.id}/document/download?format=docx`);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const xml = new TextDecoder().decode(unzipSync(new Uint8Array(docx.rawPayload))['word/document.xml']);
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*?Prioritisation matrix/s);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>.*?Hate related offences and violent extremism/s);
    const tables = xml.split('<w:tbl>').slice(1);
    const matrixTable = tables.find((t) => t.includes('Capacity to make a difference') && t.includes('Child abuse'));
    expect(matrixTable).toBeDefined();
    expect(matrixTable).toContain('<w:tblHeader');

    // The API gives the same bytes; an unknown format is refused with a message; each download is a disclosure.
    const api = await agent.get(`/api/v1/assessments/${hcssg!.id}/document?format=pdf`);
    expect(api.statusCode).toBe(200);
    expect(api.rawPayload.equals(pdf.rawPayload)).toBe(true);
    const bad = await agent.get(`/api/v1/assessments/${hcssg!.id}/document?format=odt`);
    expect(bad.statusCode).toBe(400);
    const audit = await services.audit.list({ userId: admin.id, limit: 50, offset: 0 });
    const downloads = audit.rows.filter((r) => r.action === 'record.download' && r.entityType === 'assessment');
    expect(downloads.map((r) => r.entityId)).toEqual([String(hcssg!.id), String(hcssg!.id), String(hcssg!.id)]);

    const [soton] = (await services.assessment.assessments.listAssessments(admin.actor, southampton.id)).assessments;
    const sview = await services.assessment.assessments.getAssessment(admin.actor, soton!.id);
    expect(sview.assessment.status).toBe('draft');
    const crime = sview.matrix.find((m) => m.title === 'Overall crime')!;
    expect(crime.cells.find((c) => c.criterionKey === 'scale')).toMatchObject({ score: 5, origin: 'pre-scored' });
    expect(crime.cells.find((c) => c.criterionKey === 'similar')).toMatchObject({ score: 5, origin: 'pre-scored' });
    const violent = sview.matrix.find((m) => m.title === 'Violent crime')!;
    expect(violent.cells.find((c) => c.criterionKey === 'trend')).toMatchObject({ score: 4, origin: 'pre-scored' });
    const page = await agent.get(`/assessments/${soton!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Higher (worse)');
  });
});
