'use strict';
// What the doc checks read from a Markdown file: its fenced code blocks (with the
// marker comment on the line before each), its headings' anchors and its links.

const MARKER = /^<!--\s*([\w-]+)\s*-->$/;

/** Fenced code blocks: `line` is the 1-based line of the opening fence. */
function codeBlocks(text) {
  const lines = text.split('\n');
  const blocks = [];
  let open;
  lines.forEach((line, index) => {
    const fence = /^(`{3,})(.*)$/.exec(line);
    if (open === undefined) {
      if (!fence) return;
      const marker = MARKER.exec((lines[index - 1] ?? '').trim());
      open = { fence: fence[1], lang: fence[2].trim(), line: index + 1, marker: marker?.[1], body: [] };
    } else if (fence && fence[1].length >= open.fence.length && fence[2].trim() === '') {
      blocks.push({ lang: open.lang, line: open.line, marker: open.marker, code: open.body.join('\n') });
      open = undefined;
    } else {
      open.body.push(line);
    }
  });
  if (open !== undefined) throw new Error(`code block opened on line ${open.line} is never closed`);
  return blocks;
}

/** The lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text) {
  const prose = [];
  let fence;
  text.split('\n').forEach((line, index) => {
    const marks = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && marks) fence = marks;
    else if (fence !== undefined && marks && marks.length >= fence.length && line.trim() === marks)
      fence = undefined;
    else if (fence === undefined) prose.push({ line: index + 1, text: line });
  });
  return prose;
}

/** GitHub's anchor for a heading text: lower case, punctuation dropped, spaces to dashes. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a file's headings define, numbered as GitHub numbers repeated ones. */
function anchors(text) {
  const seen = new Map();
  const result = new Set();
  for (const { text: line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Inline links and images outside code: `[text](target)`, inline code spans left out. */
function links(text) {
  const found = [];
  for (const { line, text: prose } of proseLines(text)) {
    const withoutCode = prose.replace(/`[^`]*`/g, '');
    for (const match of withoutCode.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      found.push({ line, target: match[1] });
    }
  }
  return found;
}

module.exports = { anchors, codeBlocks, links, slug };
