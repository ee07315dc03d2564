import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { minutesBlocks, type MinutesBlock } from './format.js';
import { papersToText, parsePapers } from './papers.js';

// The module's views as the app finds them ("governance/minutes/views/…"), escaping on as in the app.
const modules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(modules), { autoescape: true });
const render = (blocks: MinutesBlock[]) =>
  env.renderString('{% from "governance/minutes/views/macros.njk" import minutesBody %}{{ minutesBody(blocks) }}', { blocks });

const typed = 'Welcome <b>all</b>.\nSecond line\n\n- one & two\n- **three**\n\n<script>alert(1)</script>';

describe('minutes', () => {
  it('reads paragraphs, bullet lists and bold runs into a structure, keeping the text as typed', () => {
    expect(minutesBlocks(typed)).toEqual([
      {
        type: 'paragraph',
        lines: [[{ text: 'Welcome <b>all</b>.', strong: false }], [{ text: 'Second line', strong: false }]],
      },
      { type: 'list', items: [[{ text: 'one & two', strong: false }], [{ text: 'three', strong: true }]] },
      { type: 'paragraph', lines: [[{ text: '<script>alert(1)</script>', strong: false }]] },
    ]);
    expect(minutesBlocks('a **b** c **d\r\n* e')).toEqual([
      {
        type: 'paragraph',
        lines: [
          [
            { text: 'a ', strong: false },
            { text: 'b', strong: true },
            { text: ' c **d', strong: false },
          ],
        ],
      },
      { type: 'list', items: [[{ text: 'e', strong: false }]] },
    ]);
    expect(minutesBlocks('  ')).toEqual([]);
    expect(minutesBlocks(null)).toEqual([]);
  });

  it('renders the structure with the macro, escaping everything typed', () => {
    const html = render(minutesBlocks(typed));
    expect(html).toBe(
      '<p class="govuk-body">Welcome &lt;b&gt;all&lt;/b&gt;.<br>Second line</p>\n' +
        '<ul class="govuk-list govuk-list--bullet"><li>one &amp; two</li><li><strong>three</strong></li></ul>\n' +
        '<p class="govuk-body">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(html).not.toContain('<script>');
    expect(render(minutesBlocks('**<img src=x onerror=alert(1)>** "quoted" \'too\''))).toBe(
      '<p class="govuk-body"><strong>&lt;img src=x onerror=alert(1)&gt;</strong> &quot;quoted&quot; &#39;too&#39;</p>',
    );
    expect(render([])).toBe('');
  });

  it('accepts papers only as web links', () => {
    expect(parsePapers('Report | https://example.org/a.pdf\n\nhttps://example.org/b')).toEqual({
      papers: [
        { title: 'Report', url: 'https://example.org/a.pdf' },
        { title: 'https://example.org/b', url: 'https://example.org/b' },
      ],
    });
    expect(parsePapers('ok | https://example.org\nbad | javascript:alert(1)')).toEqual({ badLine: 2 });
    expect(
      papersToText([
        { title: 'Report', url: 'https://example.org/a.pdf' },
        { title: 'https://example.org/b', url: 'https://example.org/b' },
      ]),
    ).toBe('Report | https://example.org/a.pdf\nhttps://example.org/b');
  });
});
