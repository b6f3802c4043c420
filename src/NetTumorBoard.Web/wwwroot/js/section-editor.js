// Co-editing of one free-text section in a <textarea>.
// Typing is sent in bursts (after a pause, or when the field loses focus); the server merges it with everyone
// else's edits and returns the merged text; remote edits also arrive while the user types. Both are merged into
// the editor here, with the same rule as the server (TextMerge.cs): the user's pending keystrokes are kept and the
// caret stays where it was relative to the text around it.

const editors = new WeakMap();
const live = new Set();
const IDLE_MS = 400;

// Leaving the page (closing the tab, reloading, typing another address) while typed text is not yet saved: the
// browser asks first. In-app navigation flushes instead (the component sends what is pending when it closes).
window.addEventListener('beforeunload', e => {
  for (const s of live) {
    if (!s.closed && s.el.isConnected && s.el.value !== s.synced) { e.preventDefault(); e.returnValue = ''; return; }
  }
});

export function attach(el, dotnet, text, version) {
  const s = { el, dotnet, synced: text, version, timer: 0, chain: Promise.resolve(), closed: false, sending: false, reported: false };
  // Typed into the (empty) box before this ran: kept, merged into the section's text, and sent.
  const early = el.value;
  el.value = early ? merge3('', early, text) : text;
  el.dataset.state = 'saved';
  editors.set(el, s);
  live.add(s);
  el.addEventListener('input', () => { setDirty(s); schedule(s, IDLE_MS); });
  el.addEventListener('focus', () => call(s, 'Focused', true));
  el.addEventListener('blur', () => { call(s, 'Focused', false); schedule(s, 0); });
  if (early) { setDirty(s); schedule(s, IDLE_MS); }
}

/** A newer committed text of this section (from the change feed). */
export function remote(el, text, version) {
  const s = editors.get(el);
  if (!s) return Promise.resolve();
  return enqueue(s, async () => {
    if (version <= s.version) return;
    const current = s.el.value;
    const merged = merge3(s.synced, current, text);
    replace(s.el, current, merged);
    s.synced = text;
    s.version = version;
    if (merged !== text) schedule(s, IDLE_MS);
  });
}

/** Sends whatever is pending now; resolves true once the server has all of it, false if it could not be saved (yet). */
export function flush(el) {
  const s = editors.get(el);
  if (!s) return Promise.resolve(true);
  clearTimeout(s.timer);
  return enqueue(s, () => send(s)).then(() => s.el.value === s.synced);
}

export function detach(el) {
  const s = editors.get(el);
  if (s) { s.closed = true; clearTimeout(s.timer); live.delete(s); }
}

function schedule(s, ms) {
  clearTimeout(s.timer);
  s.timer = setTimeout(() => enqueue(s, () => send(s)), ms);
}

function enqueue(s, work) {
  s.chain = s.chain.then(work).catch(e => {
    console.error('section editor', e);
    setError(s);
    // Not saved: try again shortly — unless the editor is gone (its component disposed), where no one can answer.
    if (s.el.isConnected && !s.closed) schedule(s, 2000);
    else { s.closed = true; live.delete(s); }
  });
  return s.chain;
}

async function send(s) {
  if (s.closed) return;
  const sent = s.el.value;
  if (sent === s.synced) { setDirty(s); return; }
  const result = await s.dotnet.invokeMethodAsync('Save', s.version, sent);
  if (!result || result.error) {
    // Refused (e.g. too long): keep the text in the editor; the component shows why.
    setError(s);
    return;
  }
  const current = s.el.value;
  const merged = merge3(sent, current, result.text);
  replace(s.el, current, merged);
  s.synced = result.text;
  s.version = Math.max(s.version, result.version);
  setDirty(s);
  if (merged !== result.text) schedule(s, IDLE_MS);
}

function setDirty(s) {
  s.el.dataset.state = s.el.value === s.synced ? 'saved' : 'pending';
  report(s);
}

function setError(s) {
  s.el.dataset.state = 'error';
  report(s);
}

// Tells the component whether this editor holds text not yet saved (a live meeting then does not move the tab away).
function report(s) {
  const unsaved = s.el.dataset.state !== 'saved';
  if (unsaved !== s.reported) { s.reported = unsaved; call(s, 'Unsaved', unsaved); }
}

function call(s, method, arg) {
  if (!s.closed) s.dotnet.invokeMethodAsync(method, arg).catch(() => {});
}

// Replaces the editor's text, keeping the caret, the selection and the scroll position on the same words.
function replace(el, before, after) {
  if (before === after) return;
  const focused = document.activeElement === el;
  const start = el.selectionStart, end = el.selectionEnd, scroll = el.scrollTop;
  const edits = diff(before, after);
  el.value = after;
  if (focused) el.setSelectionRange(mapPosition(edits, start), mapPosition(edits, end));
  el.scrollTop = scroll;
}

function mapPosition(edits, p) {
  let shift = 0;
  for (const e of edits) {
    if (e.end <= p && !(e.start === e.end && e.start === p)) shift += e.insert.length - (e.end - e.start);
    else if (e.start < p && p < e.end) return e.start + shift + e.insert.length;
    else break;
  }
  return p + shift;
}

// ---- the merge (mirrors TextMerge.cs / TextEdits.cs) ----

export function merge3(base, mine, theirs) {
  if (mine === base || mine === theirs) return theirs;
  if (theirs === base) return mine;
  const edits = diff(base, theirs).map(e => ({ ...e, theirs: true }))
    .concat(diff(base, mine).map(e => ({ ...e, theirs: false })))
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.theirs === b.theirs ? 0 : a.theirs ? 1 : -1));
  const merged = [];
  for (let i = 0; i < edits.length;) {
    const cluster = [edits[i]];
    let start = edits[i].start, end = edits[i].end;
    i++;
    while (i < edits.length && overlap({ start, end }, edits[i])) {
      cluster.push(edits[i]);
      end = Math.max(end, edits[i].end);
      i++;
    }
    const insert = cluster.filter(e => !e.theirs).map(e => e.insert).join('') + cluster.filter(e => e.theirs).map(e => e.insert).join('');
    merged.push({ start, end, insert });
  }
  return apply(base, merged);
}

function overlap(a, b) {
  if (Math.max(a.start, b.start) < Math.min(a.end, b.end)) return true;
  const aIns = a.start === a.end, bIns = b.start === b.end;
  if (aIns && bIns) return a.start === b.start;
  return (aIns && b.start < a.start && a.start < b.end) || (bIns && a.start < b.start && b.start < a.end);
}

function apply(source, edits) {
  let out = '', pos = 0;
  for (const e of edits) { out += source.slice(pos, e.start) + e.insert; pos = e.end; }
  return out + source.slice(pos);
}

// Word-level diff (words never split), as edits {start, end, insert} over `a`.
export function diff(a, b) {
  if (a === b) return [];
  // A pure insertion or deletion is taken exactly where it happened, even inside a word (as TextEdits.cs).
  const max = Math.min(a.length, b.length);
  let p = 0;
  while (p < max && a[p] === b[p]) p++;
  if (p > 0 && p < a.length && isHigh(a.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  if (s > 0 && s < a.length && isLow(a.charCodeAt(a.length - s))) s--;
  if (p + s === a.length) {
    // ...unless the typed text would borrow letters of a word already there (as TextEdits.GluesToWord).
    const ins = slide(a, p, b.slice(p, b.length - s));
    if (!(ins.start < a.length && isWord(a[ins.start]) && isWord(ins.insert[ins.insert.length - 1]))) return [ins];
  } else if (p + s === b.length) return [slideDeletion(a, p, a.length - s)];
  const ta = tokens(a), tb = tokens(b);
  let pre = 0;
  while (pre < ta.length && pre < tb.length && ta[pre] === tb[pre]) pre++;
  let suf = 0;
  while (suf < ta.length - pre && suf < tb.length - pre && ta[ta.length - 1 - suf] === tb[tb.length - 1 - suf]) suf++;
  const ma = ta.slice(pre, ta.length - suf), mb = tb.slice(pre, tb.length - suf);
  const ops = ma.length * mb.length <= 4_000_000 ? lcsOps(ma, mb) : [{ op: '-', items: ma }, { op: '+', items: mb }];
  const edits = [];
  let pos = ta.slice(0, pre).join('').length, cur = null;
  const flush = () => { if (cur) { edits.push(cur); cur = null; } };
  for (const { op, items } of ops) {
    const text = items.join('');
    if (op === '=') { flush(); pos += text.length; }
    else if (op === '-') { cur ??= { start: pos, end: pos, insert: '' }; pos += text.length; cur.end = pos; }
    else { cur ??= { start: pos, end: pos, insert: '' }; cur.insert += text; }
  }
  flush();
  return edits;
}

// The same insertion can sit at several places; put its ends on word boundaries (as TextEdits.Slide).
function slide(source, at, insert) {
  let best = { at, insert, score: score(source, at, insert) };
  let text = insert;
  for (let p = at; p > 0 && text.length > 0 && source[p - 1] === text[text.length - 1]; p--) {
    text = source[p - 1] + text.slice(0, -1);
    const sc = score(source, p - 1, text);
    if (sc > best.score) best = { at: p - 1, insert: text, score: sc };
  }
  return { start: best.at, end: best.at, insert: best.insert };
}

// A deletion that could be read at several places is put where its ends fall on word boundaries (as TextEdits.SlideDeletion).
function slideDeletion(source, start, end) {
  const delScore = (s0, e0) => boundary(s0 === 0 ? null : source[s0 - 1], source[s0]) + boundary(source[e0 - 1], e0 === source.length ? null : source[e0]);
  let best = { start, score: delScore(start, end) };
  for (let s0 = start, e0 = end; s0 > 0 && source[s0 - 1] === source[e0 - 1] && !isSurrogate(source.charCodeAt(s0 - 1));) {
    s0--; e0--;
    const sc = delScore(s0, e0);
    if (sc > best.score) best = { start: s0, score: sc };
  }
  return { start: best.start, end: best.start + (end - start), insert: '' };
}

const isWord = c => /[\p{L}\p{N}]/u.test(c);
const isSurrogate = c => c >= 0xD800 && c <= 0xDFFF;

function score(source, at, insert) {
  return boundary(at === 0 ? null : source[at - 1], insert[0]) + boundary(insert[insert.length - 1], at === source.length ? null : source[at]);
}

function boundary(l, r) {
  if (l == null || r == null) return 3;
  if (/\s/.test(l) || /\s/.test(r)) return 2;
  return !/[\p{L}\p{N}]/u.test(l) || !/[\p{L}\p{N}]/u.test(r) ? 1 : 0;
}

const isHigh = c => c >= 0xD800 && c <= 0xDBFF;
const isLow = c => c >= 0xDC00 && c <= 0xDFFF;

function tokens(t) {
  return t.match(/[\p{L}\p{N}\p{M}]+|[\s\S]/gu) ?? [];
}

function lcsOps(a, b) {
  const n = a.length, m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const ops = [];
  const push = (op, item) => { const last = ops[ops.length - 1]; if (last && last.op === op) last.items.push(item); else ops.push({ op, items: [item] }); };
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { push('=', a[i]); i++; j++; }
    else if (dp[i + 1][j] >= dp[i][j + 1]) { push('-', a[i]); i++; }
    else { push('+', b[j]); j++; }
  }
  while (i < n) push('-', a[i++]);
  while (j < m) push('+', b[j++]);
  return ops;
}
