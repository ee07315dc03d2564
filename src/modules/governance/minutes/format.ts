/**
 * Minutes are typed as plain text with simple formatting: a blank line starts a new paragraph, a line
 * starting with "- " or "* " is a bullet, and **words** are bold. This reads that text into a structure
 * (paragraphs and bullet lists of lines, each line a list of runs, bold or not); the `minutesBody` macro
 * in minutes/views/macros.njk renders it, escaping every run. Nothing the user typed is ever markup.
 */

/** A stretch of text, bold or not. */
export interface Run {
  text: string;
  strong: boolean;
}

/** One line of minutes: its runs in order. */
export type Line = Run[];

export type MinutesBlock = { type: 'paragraph'; lines: Line[] } | { type: 'list'; items: Line[] };

/** A line's runs: **text** is bold. */
function runsOf(line: string): Line {
  const runs: Line = [];
  const bold = /\*\*(.+?)\*\*/g;
  let at = 0;
  for (let m = bold.exec(line); m; m = bold.exec(line)) {
    if (m.index > at) runs.push({ text: line.slice(at, m.index), strong: false });
    runs.push({ text: m[1]!, strong: true });
    at = m.index + m[0].length;
  }
  if (at < line.length) runs.push({ text: line.slice(at), strong: false });
  return runs;
}

/** The minutes as paragraphs and bullet lists, in order; none for blank minutes. */
export function minutesBlocks(text: string | null | undefined): MinutesBlock[] {
  if (!text || !text.trim()) return [];
  const out: MinutesBlock[] = [];
  for (const block of text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)) {
    let para: Line[] = [];
    let list: Line[] = [];
    const flushPara = () => {
      if (para.length) out.push({ type: 'paragraph', lines: para });
      para = [];
    };
    const flushList = () => {
      if (list.length) out.push({ type: 'list', items: list });
      list = [];
    };
    for (const line of block.split('\n').map((l) => l.trim())) {
      const bullet = /^[-*]\s+(.*)$/.exec(line);
      if (bullet) {
        flushPara();
        list.push(runsOf(bullet[1]!));
      } else {
        flushList();
        para.push(runsOf(line));
      }
    }
    flushPara();
    flushList();
  }
  return out;
}
