import { describe, expect, it } from 'vitest';
import { renderEmail } from './email/render.js';
import { backoffMs, deliveryFor, digestDue, ownsNotification, shouldTell } from './policy.js';
import { englandAndWalesCalendar } from './working-days.js';

describe('notification rules', () => {
  it('tells people of everything at once until they choose otherwise, and not of their own changes', () => {
    expect(deliveryFor(new Map(), 'round-opened')).toBe('immediate');
    expect(deliveryFor(new Map([['round-opened', 'off']]), 'round-opened')).toBe('off');
    expect(shouldTell(4, 4)).toBe(false);
    expect(shouldTell(4, null)).toBe(true);
    expect(ownsNotification(4, { userId: 5 })).toBe(false);
  });

  it('waits twice as long after each failed e-mail, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 30_000, 3_600_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(12, 30_000, 3_600_000)).toBe(3_600_000);
  });

  it('makes the daily digest on working days from 7am', () => {
    const ew = englandAndWalesCalendar();
    expect(digestDue('2026-12-02', '06:59', ew)).toBe(false);
    expect(digestDue('2026-12-02', '07:00', ew)).toBe(true);
    expect(digestDue('2026-12-26', '09:00', ew)).toBe(false);
  });

  it('writes e-mails with the titles and a link only, the HTML part escaped', () => {
    const one = renderEmail({
      name: 'Sam',
      items: [{ title: 'Risk review due: <b>Knife crime</b>' }],
      digest: false,
      baseUrl: 'https://s.example',
    });
    expect(one.subject).toBe('SaferHub: Risk review due: <b>Knife crime</b>');
    expect(one.text).toBe(
      'Hello Sam,\n\nRisk review due: <b>Knife crime</b>\n\nSee it in SaferHub:\nhttps://s.example/notifications\n\n' +
        'Choose which notifications you get, and whether by e-mail at once or in a daily summary:\nhttps://s.example/notifications/preferences\n\nSaferHub\n',
    );
    expect(one.html).toContain('<p>Risk review due: &lt;b&gt;Knife crime&lt;/b&gt;</p>');
    expect(one.html).toContain('<html lang="en">');
    const digest = renderEmail({ name: 'Sam', items: [{ title: 'A' }, { title: 'B' }], digest: true, baseUrl: 'https://s.example' });
    expect(digest.subject).toBe('SaferHub: your daily summary (2 notifications)');
    expect(digest.text).toContain('- A\n- B\n');
  });
});
