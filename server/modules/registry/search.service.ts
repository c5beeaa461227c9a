import { sql, type SQL } from 'drizzle-orm';
import { buildingName, entranceName, placeKey, roomName } from './address.ts';

/**
 * The one search box of the office and the hotline. What a person types is one of:
 *   - an account number or its prefix ("0102003"),
 *   - a phone number, whole or its last 4+ digits ("13800000001", "0001"),
 *   - an address ("金色港湾 3号楼 502", "金色港湾3号楼2单元502", "代书胡同3号院 1-2-301").
 * Every form turns into conditions that an index answers on 1.3 M households: btree prefix
 * scans for account numbers and reversed phones, and for addresses the small compounds table
 * first, then buildings by compound and households by building.
 */
export type SearchTerms =
  | { kind: 'number'; text: string }
  | { kind: 'address'; names: string[]; building?: string; entrance?: string; room?: string };

const NUMBERISH = /^[0-9A-Za-z-]+$/;
/** A search box finds households, it does not list a branch: number searches stop at this many hits per kind. */
export const SEARCH_HITS = 1_000;

export function parseSearch(raw: string): SearchTerms {
  const text = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (NUMBERISH.test(text)) return { kind: 'number', text };
  // "3 号院" is part of a compound's name, not a building: glue it before anything is taken out.
  let rest = ` ${text.replace(/(\d+)\s+(号院|院)/g, '$1$2')} `;
  const terms: { building?: string; entrance?: string; room?: string } = {};
  const take = (re: RegExp, set: (m: RegExpExecArray) => void) => {
    const m = re.exec(rest);
    if (!m) return;
    set(m);
    rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
  };
  take(/(\d+[A-Za-z]?)-(\d+)-([A-Za-z]?\d+)(?=\s)/, (m) => Object.assign(terms, { building: m[1], entrance: m[2], room: m[3] }));
  take(/(\d+[A-Za-z]?)\s*(?:号楼|栋|幢|#|座)/, (m) => (terms.building = m[1]));
  take(/(\d+)\s*单元/, (m) => (terms.entrance = m[1]));
  take(/(\d+[A-Za-z]?)-([A-Za-z]?\d+)(?=\s)/, (m) => Object.assign(terms, { building: terms.building ?? m[1], room: m[2] }));
  take(/([A-Za-z]?\d{2,5})\s*(?:室|户)?\s*$/, (m) => (terms.room = m[1]));
  const tokens = rest.split(' ').filter(Boolean);
  const numbers = tokens.filter((t) => /^\d+[A-Za-z]?$/.test(t));
  // A bare number left over before the room is the building ("金色港湾 3 502").
  if (numbers.length > 0 && terms.building === undefined) terms.building = numbers[0];
  const names = tokens.filter((t) => !/^\d+[A-Za-z]?$/.test(t)).map(placeKey);
  return { kind: 'address', names, ...terms };
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, '\\$&');
}

/** Aliases the condition refers to: h households, e entrances, b buildings, c compounds, m communities. */
export function searchCondition(terms: SearchTerms): SQL {
  if (terms.kind === 'number') {
    // Each kind of hit is its own index range scan, capped: an OR of both (or a short prefix
    // that matches a whole branch) lets the planner walk 1.3 M rows instead. ~>=~ order is the
    // text_pattern_ops index's own order, so the capped scan reads the index and nothing else.
    const hits = [sql`(SELECT id FROM households WHERE account_no LIKE ${escapeLike(terms.text) + '%'} ORDER BY account_no USING ~<~ LIMIT ${SEARCH_HITS})`];
    if (/^\d{11}$/.test(terms.text)) hits.push(sql`(SELECT id FROM households WHERE phone = ${terms.text} LIMIT ${SEARCH_HITS})`);
    else if (/^\d{4,10}$/.test(terms.text)) {
      const reversed = [...terms.text].reverse().join('');
      hits.push(sql`(SELECT id FROM households WHERE phone IS NOT NULL AND reverse(phone) LIKE ${reversed + '%'} LIMIT ${SEARCH_HITS})`);
    }
    return sql`h.id IN (${sql.join(hits, sql` UNION ALL `)})`;
  }
  const parts: SQL[] = terms.names.map((name) => {
    const like = `%${escapeLike(name)}%`;
    return sql`(replace(c.name, ' ', '') ILIKE ${like} OR replace(m.name, ' ', '') ILIKE ${like})`;
  });
  if (terms.building !== undefined) parts.push(sql`b.name = ${buildingName(terms.building)}`);
  if (terms.entrance !== undefined) parts.push(sql`e.name = ${entranceName(terms.entrance)}`);
  if (terms.room !== undefined) parts.push(sql`h.room = ${roomName(terms.room)}`);
  return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`false`;
}
