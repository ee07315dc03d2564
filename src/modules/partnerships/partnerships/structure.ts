/**
 * The governance structure: partnerships sit under a parent (a strategy group above community safety
 * partnerships, thematic boards and operational groups below). Pure functions over the list of every
 * partnership's id, name, kind and parent; the page shows each one as a link only where the actor may go.
 */

export interface Branch {
  id: number;
  name: string;
  kind: string;
  parentId: number | null;
}

export interface TreeNode {
  id: number;
  name: string;
  kind: string;
  visible: boolean;
  children: TreeNode[];
}

/** Deeper than this, the structure is not followed (it never is that deep; a loop in the data ends here). */
const MAX_DEPTH = 20;

/** The partnerships above one (`parentId`: its parent), the top first, each with whether the actor sees it. */
export function ancestorsOf(parentId: number | null, all: Branch[], sees: (id: number) => boolean) {
  const byId = new Map(all.map((p) => [p.id, p]));
  const ancestors: { id: number; name: string; visible: boolean }[] = [];
  for (let cursor = parentId; cursor != null; cursor = byId.get(cursor)?.parentId ?? null) {
    const p = byId.get(cursor);
    if (!p || ancestors.length > MAX_DEPTH) break;
    ancestors.unshift({ id: p.id, name: p.name, visible: sees(p.id) });
  }
  return ancestors;
}

/** The sub-groups below a partnership, as a tree, each with whether the actor sees it. */
export function subGroupsOf(id: number, all: Branch[], sees: (id: number) => boolean, depth = 0): TreeNode[] {
  if (depth > MAX_DEPTH) return [];
  return all
    .filter((p) => p.parentId === id)
    .map((p) => ({ id: p.id, name: p.name, kind: p.kind, visible: sees(p.id), children: subGroupsOf(p.id, all, sees, depth + 1) }));
}

/**
 * Why `parentId` cannot be the parent of partnership `id` (null: a new one), or null when it can: it must be
 * a partnership, and a partnership cannot sit under itself or one of its sub-groups.
 */
export function parentProblem(id: number | null, parentId: number, all: Branch[]): string | null {
  const byId = new Map(all.map((p) => [p.id, p]));
  if (!byId.has(parentId)) return 'Select a parent partnership from the list';
  const seen = new Set<number>();
  for (let cursor: number | null | undefined = parentId; cursor != null && !seen.has(cursor); cursor = byId.get(cursor)?.parentId) {
    if (cursor === id) return 'A partnership cannot sit under itself or one of its sub-groups';
    seen.add(cursor);
  }
  return null;
}
