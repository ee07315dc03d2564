import { describe, expect, it } from 'vitest';
import { signedInAgent } from '../../../../test/support/app.js';
import { testRuntime } from '../../../../test/support/db.js';
import { addMember, buildAgency, buildPartnership, buildUser } from '../../../../test/support/factories.js';
import { createGovernanceService } from '../index.js';
import type { riskJson } from '../presenters.js';

async function setup() {
  const { services } = await testRuntime();
  const partnership = await buildPartnership({ name: 'County Strategy Group' });
  const council = await buildAgency({ name: 'County Council' });
  const police = await buildAgency({ name: 'County Police', kind: 'police' });
  const fire = await buildAgency({ name: 'County Fire', kind: 'fire-and-rescue' });
  for (const a of [council, police, fire]) await addMember(partnership, a);
  const coordinator = await buildUser({ agency: council, roles: [{ partnership, role: 'coordinator' }] });
  const policeContributor = await buildUser({ agency: police, roles: [{ partnership, role: 'contributor' }] });
  const fireContributor = await buildUser({ agency: fire, roles: [{ partnership, role: 'contributor' }] });
  const outsider = await buildUser({});
  return { services, partnership, council, police, fire, coordinator, policeContributor, fireContributor, outsider };
}

const riskForm = (ownerAgencyId: number, extra: Record<string, string> = {}) => ({
  title: 'County lines re-establish quickly after disruption',
  cause: 'Enforcement alone removes lines only briefly',
  event: 'Lines return and become more established',
  effect: 'More exploitation of children and drug-related violence',
  ownerAgencyId: String(ownerAgencyId),
  inherentLikelihood: '5',
  inherentImpact: '4',
  residualLikelihood: '4',
  residualImpact: '4',
  assessedOn: '2021-12-20',
  ...extra,
});

describe('the shared risk register', () => {
  it('scores a new risk, bands it and sets the review date from the band after mitigation', async () => {
    const { services, partnership, police, coordinator } = await setup();
    const risk = await services.governance.risks.createRisk(coordinator.actor, partnership.id, riskForm(police.id));
    expect(risk.nextReviewOn).toBe('2022-03-20'); // high (16): 90 days
    const view = await services.governance.risks.getRisk(coordinator.actor, risk.id);
    expect(view.risk).toMatchObject({ inherentScore: 20, inherentBand: 'high', currentScore: 16, currentBand: 'high' });
    expect(view.history).toHaveLength(1);
    expect(view.history[0]!.periodKey).toBe('2021/22-Q3');
  });

  it('keeps every re-score, period by period, and moves the review date with the band', async () => {
    const { services, partnership, police, coordinator } = await setup();
    const risks = services.governance.risks;
    const risk = await risks.createRisk(coordinator.actor, partnership.id, riskForm(police.id));
    const after = await risks.rescore(coordinator.actor, risk.id, risk.version, {
      inherentLikelihood: '5',
      inherentImpact: '4',
      residualLikelihood: '3',
      residualImpact: '3',
      assessedOn: '2022-03-15',
      note: 'Joint disruption and safeguarding plan in place',
    });
    expect(after.nextReviewOn).toBe('2022-09-11'); // medium (9): 180 days
    const view = await risks.getRisk(coordinator.actor, risk.id);
    expect(view.history.map((h) => [h.periodKey, h.currentScore, h.currentBand])).toEqual([
      ['2021/22-Q4', 9, 'medium'],
      ['2021/22-Q3', 16, 'high'],
    ]);
    // a stale version is a conflict
    await expect(risks.rescore(coordinator.actor, risk.id, risk.version, { ...riskForm(police.id) })).rejects.toMatchObject({
      code: 'edit_conflict',
    });
  });

  it('lets owners and co-sponsors re-score and add mitigations; other contributors are refused; outsiders get 404', async () => {
    const { services, partnership, police, fire, council, coordinator, policeContributor, fireContributor, outsider } = await setup();
    const risks = services.governance.risks;
    const risk = await risks.createRisk(coordinator.actor, partnership.id, riskForm(police.id, { cosponsorAgencyId: String(council.id) }));
    const rescore = {
      inherentLikelihood: '5',
      inherentImpact: '4',
      residualLikelihood: '2',
      residualImpact: '3',
      assessedOn: '2022-01-10',
    };
    await expect(risks.rescore(fireContributor.actor, risk.id, risk.version, rescore)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await risks.rescore(policeContributor.actor, risk.id, risk.version, rescore)).nextReviewOn).toBe('2023-01-05'); // low: 360 days
    await risks.addMitigation(policeContributor.actor, risk.id, {
      action: 'Joint disruption days',
      ownerAgencyId: String(police.id),
      status: 'in-progress',
    });
    await expect(
      risks.addMitigation(fireContributor.actor, risk.id, { action: 'x', ownerAgencyId: String(fire.id), status: 'planned' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(risks.createRisk(policeContributor.actor, partnership.id, riskForm(police.id))).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(risks.getRisk(outsider.actor, risk.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(risks.register(outsider.actor, partnership.id)).rejects.toMatchObject({ code: 'not_found' });
    const agent = await signedInAgent(outsider);
    for (const url of [
      `/risks/${risk.id}`,
      `/partnerships/${partnership.id}/risks`,
      `/partnerships/${partnership.id}/risks.csv`,
      `/api/v1/partnerships/${partnership.id}/risks`,
    ])
      expect((await agent.get(url)).statusCode, url).toBe(404);
  });

  it('filters and sorts the register, marks overdue reviews and closes risks with a reason', async () => {
    const { services, partnership, police, council, coordinator } = await setup();
    const { database } = await testRuntime();
    // a clock in 2022-07 makes the high risk (review due 2022-03-20) overdue
    const later = createGovernanceService(database.db, services.audit, services.policy, () => new Date('2022-07-01T12:00:00Z'));
    const high = await later.risks.createRisk(coordinator.actor, partnership.id, riskForm(police.id));
    const low = await later.risks.createRisk(
      coordinator.actor,
      partnership.id,
      riskForm(council.id, { title: 'Low one', residualLikelihood: '1', residualImpact: '2' }),
    );
    const byScore = await later.risks.register(coordinator.actor, partnership.id);
    expect(byScore.risks.map((r) => r.id)).toEqual([high.id, low.id]);
    expect(
      (await later.risks.register(coordinator.actor, partnership.id, { sort: 'score', direction: 'asc' })).risks.map((r) => r.id),
    ).toEqual([low.id, high.id]);
    expect((await later.risks.register(coordinator.actor, partnership.id, { band: 'low' })).risks.map((r) => r.id)).toEqual([low.id]);
    expect((await later.risks.register(coordinator.actor, partnership.id, { owner: police.id })).risks.map((r) => r.id)).toEqual([high.id]);
    expect((await later.risks.register(coordinator.actor, partnership.id, { overdue: true })).risks.map((r) => r.id)).toEqual([high.id]);
    expect((await later.risks.risksPastReview(partnership.id)).map((r) => r.id)).toEqual([high.id]);

    await expect(later.risks.closeRisk(coordinator.actor, low.id, low.version, {})).rejects.toMatchObject({ code: 'validation_failed' });
    await later.risks.closeRisk(coordinator.actor, low.id, low.version, { closedReason: 'Merged with another risk' });
    expect((await later.risks.register(coordinator.actor, partnership.id)).risks.map((r) => r.id)).toEqual([high.id]);
    expect((await later.risks.register(coordinator.actor, partnership.id, { status: 'closed' })).risks[0]!.closedReason).toBe(
      'Merged with another risk',
    );

    const map = await later.risks.heatMap(coordinator.actor, partnership.id);
    const cell = map.rows.find((r) => r.impact === 4)!.cells.find((c) => c.likelihood === 4)!;
    expect(cell).toMatchObject({ score: 16, band: 'high' });
    expect(cell.risks.map((r) => r.id)).toEqual([high.id]);
  });

  it('downloads the register as CSV with formula-like text neutralised', async () => {
    const { services, partnership, police, coordinator } = await setup();
    await services.governance.risks.createRisk(
      coordinator.actor,
      partnership.id,
      riskForm(police.id, { title: '=HYPERLINK("http://evil")' }),
    );
    const agent = await signedInAgent(coordinator);
    const response = await agent.get(`/partnerships/${partnership.id}/risks.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body.split('\r\n')[0]).toContain('Current score,Band');
    expect(response.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(response.body).toContain(',16,high,');
  });

  it('answers the risks API with current scores and bands', async () => {
    const { services, partnership, police, coordinator } = await setup();
    await services.governance.risks.createRisk(coordinator.actor, partnership.id, riskForm(police.id));
    const agent = await signedInAgent(coordinator);
    const response = await agent.get(`/api/v1/partnerships/${partnership.id}/risks`);
    expect(response.statusCode).toBe(200);
    const [risk] = response.json<{ data: ReturnType<typeof riskJson>[] }>().data;
    expect(risk?.current).toEqual({ likelihood: 4, impact: 4, score: 16, band: 'high' });
    expect(risk?.ownerAgency.name).toBe('County Police');
    const doc = (await agent.get('/api/v1/openapi.json')).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/v1/partnerships/{id}/meetings', '/api/v1/meetings/{id}', '/api/v1/partnerships/{id}/risks'])
      expect(Object.keys(doc.paths), path).toContain(path);
  });
});
