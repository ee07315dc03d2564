/**
 * For tests: a tiny check that a chart is a standalone, well-formed SVG document safe for a page under the
 * Content Security Policy and for a report. Returns what is wrong, or nothing.
 */
export function svgProblems(svg: string): string[] {
  const problems: string[] = [];
  const root = /^<svg\s[^>]*>/.exec(svg)?.[0];
  if (!root) return ['does not start with <svg'];
  if (!root.includes('xmlns="http://www.w3.org/2000/svg"')) problems.push('no xmlns');
  if (!/ viewBox="0 0 [\d.]+ [\d.]+"/.test(root)) problems.push('no viewBox');
  if (!/ width="[\d.]+"/.test(root) || !/ height="[\d.]+"/.test(root)) problems.push('no width and height');
  if (/<style|<script|<foreignObject|<image/i.test(svg)) problems.push('has a style, script, foreign object or image element');
  if (/\son\w+=/i.test(svg)) problems.push('has an event handler');
  if (/\s(?:xlink:)?href=/.test(svg)) problems.push('refers to something');
  if (/currentColor/i.test(svg)) problems.push('depends on currentColor');
  const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  for (const [, ref] of svg.matchAll(/url\(#([^)]+)\)/g)) if (!ids.has(ref)) problems.push(`refers to #${ref}, not in the SVG`);
  for (const ref of /aria-labelledby="([^"]*)"/.exec(root)?.[1]?.split(' ') ?? [])
    if (!ids.has(ref)) problems.push(`labelled by #${ref}, not in the SVG`);

  // Well-formed XML: every tag closed in order, attributes quoted, no bare < or & in text or attributes.
  const entity = /&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[\da-f]+);)/i;
  const token = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const open: string[] = [];
  let roots = 0;
  while (token.lastIndex < svg.length) {
    const at = token.lastIndex;
    const m = token.exec(svg);
    if (!m) {
      problems.push(`not well-formed at ${at}: ${svg.slice(at, at + 40)}`);
      break;
    }
    const [, closing, name, attrs, selfClosing, content] = m;
    if (content !== undefined) {
      if (!open.length) problems.push('text outside the root element');
      if (entity.test(content)) problems.push(`bare & in ${content.slice(0, 40)}`);
      continue;
    }
    if (entity.test(attrs ?? '')) problems.push(`bare & in an attribute of <${name}>`);
    if (closing) {
      if (open.pop() !== name) problems.push(`</${name}> closes the wrong element`);
    } else {
      if (!open.length) roots += 1;
      if (!selfClosing) open.push(name!);
    }
  }
  if (open.length) problems.push(`unclosed ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

/** The text a sighted reader sees (the <text> elements), unescaped. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&(lt|gt|quot|apos|amp);/g, (_e, n: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[n]!),
  );
}
