/**
 * How building, entrance and room names are written, one way everywhere. Offices write the same
 * building as "3", "3#", "3栋", "3幢" or "3号楼"; if each spelling became its own building, an
 * import would duplicate buildings and the search box would miss households. Numeric names are
 * stored as "3号楼" / "2单元" / "502"; other names (综合楼, A座) are kept as written.
 */
function halfWidth(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const NUMBERED_BUILDING = /^(\d+[A-Za-z]?)\s*(?:号楼|号|栋|幢|#|楼)?$/;
const NUMBERED_ENTRANCE = /^(\d+)\s*(?:单元|门|号)?$/;
const NUMBERED_ROOM = /^([A-Za-z]?\d+[A-Za-z]?)\s*(?:室|号|户)?$/;

export function buildingName(raw: string): string {
  const text = halfWidth(raw);
  const m = NUMBERED_BUILDING.exec(text);
  return m ? `${m[1]!.toUpperCase()}号楼` : text;
}

export function entranceName(raw: string): string {
  const text = halfWidth(raw);
  const m = NUMBERED_ENTRANCE.exec(text);
  return m ? `${Number(m[1])}单元` : text;
}

export function roomName(raw: string): string {
  const text = halfWidth(raw);
  const m = NUMBERED_ROOM.exec(text);
  return m ? m[1]!.toUpperCase() : text;
}

/** Compound and community names compare without spaces: "代书胡同 3 号院" = "代书胡同3号院". */
export function placeKey(raw: string): string {
  return halfWidth(raw).replace(/\s+/g, '');
}

export function formatAddress(parts: { compound: string; building: string; entrance: string; room: string }): string {
  return `${parts.compound} ${parts.building} ${parts.entrance} ${parts.room}`;
}
