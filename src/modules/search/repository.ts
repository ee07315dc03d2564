/**
 * Search's only SQL: PostgreSQL full-text search (English stemming) over the records of other modules,
 * read through their schema.ts. Each kind has a `document` (the text searched and highlighted) whose
 * `to_tsvector('english', …)` is exactly the expression of its GIN index in migration 0700_search.sql;
 * change one and you must change the other, or searches stop using the index.
 *
 * Records bound to a partnership (everything but agencies and indicators) are found only within the
 * partnerships the caller may see (`visible`, from the access policy): the same rule as the pages.
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { queryRows, type DbOrTx } from '../../db/database.js';
import { indicators } from '../evidence/schema.js';
import { actions as arising, agendaItems, decisions, meetings, risks } from '../governance/schema.js';
import { agencies, partnerships } from '../partnerships/schema.js';
import { actions, plans, priorities, rounds, updates } from '../plans/schema.js';
import { HIGHLIGHT_END, HIGHLIGHT_START, searchKinds, type SearchKind } from './policy.js';

/** The partnerships whose records the caller may find, as the access policy reports them. */
export type Visible = number[] | 'all';

/** One match as the database returns it; presenters.ts turns it into a title, a link and a snippet. */
export interface MatchRow {
  kind: SearchKind;
  /** The record's id (an indicator's key). */
  ref: string;
  /** A second id the link needs: an update's round. */
  parent: string | null;
  title: string;
  /** Where the record sits: its plan, meeting, round or partnership. */
  context: string | null;
  /** The document with the query's words between HIGHLIGHT_START and HIGHLIGHT_END. */
  headline: string;
}

interface Branch {
  /** The text searched and highlighted. */
  document: SQL;
  /** kind, ref, parent, title, context, from and where (without the match and visibility conditions). */
  select: (within: (partnershipId: AnyPgColumn) => SQL) => { columns: SQL; from: SQL; where?: SQL };
}

const within =
  (visible: Visible) =>
  (column: AnyPgColumn): SQL =>
    visible === 'all' ? sql`true` : visible.length ? inArray(column, visible) : sql`false`;

const branches: Record<SearchKind, Branch> = {
  action: {
    document: sql`${actions.text}`,
    select: (w) => ({
      columns: sql`${actions.id}::text, null::text, ${actions.text}, ${plans.title}`,
      from: sql`${actions} join ${plans} on ${plans.id} = ${actions.planId}`,
      where: w(plans.partnershipId),
    }),
  },
  update: {
    document: sql`${updates.narrative}`,
    select: (w) => ({
      columns: sql`${updates.actionId}::text, ${updates.roundId}::text, ${actions.text}, ${rounds.periodKey}`,
      from: sql`${updates} join ${actions} on ${actions.id} = ${updates.actionId} join ${rounds} on ${rounds.id} = ${updates.roundId}
        join ${plans} on ${plans.id} = ${actions.planId}`,
      where: w(plans.partnershipId),
    }),
  },
  priority: {
    document: sql`${priorities.title} || ' ' || coalesce(${priorities.description}, '') || ' ' || coalesce(${priorities.ownershipStatement}, '')`,
    select: (w) => ({
      columns: sql`${priorities.id}::text, null::text, 'Priority ' || ${priorities.number} || ': ' || ${priorities.title}, ${plans.title}`,
      from: sql`${priorities} join ${plans} on ${plans.id} = ${priorities.planId}`,
      where: w(plans.partnershipId),
    }),
  },
  minutes: {
    document: sql`${agendaItems.title} || ' ' || coalesce(${agendaItems.minutes}, '')`,
    select: (w) => ({
      columns: sql`${meetings.id}::text, null::text, ${agendaItems.title}, ${meetings.title}`,
      from: sql`${agendaItems} join ${meetings} on ${meetings.id} = ${agendaItems.meetingId}`,
      where: sql`${agendaItems.minutes} is not null and ${w(meetings.partnershipId)}`,
    }),
  },
  decision: {
    document: sql`${decisions.text}`,
    select: (w) => ({
      columns: sql`${meetings.id}::text, null::text, ${decisions.text}, ${meetings.title}`,
      from: sql`${decisions} join ${meetings} on ${meetings.id} = ${decisions.meetingId}`,
      where: w(meetings.partnershipId),
    }),
  },
  arising: {
    document: sql`${arising.description}`,
    select: (w) => ({
      columns: sql`${arising.id}::text, null::text, ${arising.description}, ${meetings.title}`,
      from: sql`${arising} join ${meetings} on ${meetings.id} = ${arising.meetingId}`,
      where: w(arising.partnershipId),
    }),
  },
  risk: {
    document: sql`${risks.title} || ' ' || coalesce(${risks.cause}, '') || ' ' || coalesce(${risks.event}, '') || ' ' || coalesce(${risks.effect}, '')`,
    select: (w) => ({
      columns: sql`${risks.id}::text, null::text, ${risks.title}, ${partnerships.name}`,
      from: sql`${risks} join ${partnerships} on ${partnerships.id} = ${risks.partnershipId}`,
      where: w(risks.partnershipId),
    }),
  },
  partnership: {
    document: sql`${partnerships.name} || ' ' || coalesce(${partnerships.shortName}, '') || ' ' || coalesce(${partnerships.areaName}, '') || ' ' || coalesce(${partnerships.purpose}, '')`,
    select: (w) => ({
      columns: sql`${partnerships.id}::text, null::text, ${partnerships.name}, ${partnerships.areaName}`,
      from: sql`${partnerships}`,
      where: w(partnerships.id),
    }),
  },
  agency: {
    document: sql`${agencies.name} || ' ' || coalesce(${agencies.shortName}, '')`,
    select: () => ({ columns: sql`${agencies.id}::text, null::text, ${agencies.name}, null::text`, from: sql`${agencies}` }),
  },
  indicator: {
    document: sql`${indicators.name} || ' ' || ${indicators.source}`,
    select: () => ({
      columns: sql`${indicators.key}, null::text, ${indicators.name}, nullif(${indicators.source}, '')`,
      from: sql`${indicators}`,
    }),
  },
};

/** Every match of the query among the chosen kinds, with its rank and document. */
function matches(kinds: readonly SearchKind[], visible: Visible): SQL {
  const parts = kinds.map((kind) => {
    const branch = branches[kind];
    const vector = sql`to_tsvector('english', ${branch.document})`;
    const { columns, from, where } = branch.select(within(visible));
    // The branch's four columns take their names from the column list of `t`.
    return sql`(select * from (select ${kind}::text, ${columns}, ${branch.document}, ts_rank(${vector}, search_query.q)
      from ${from} cross join search_query where ${vector} @@ search_query.q${where ? sql` and ${where}` : sql``})
      as t (kind, ref, parent, title, context, document, rank))`;
  });
  return sql.join(parts, sql` union all `);
}

const kindOrder = sql.raw(`array[${searchKinds.map((k) => `'${k}'`).join(', ')}]`);
const headlineOptions = `StartSel="${HIGHLIGHT_START}", StopSel="${HIGHLIGHT_END}", MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * One page of matches, grouped by kind (in `searchKinds` order) and best first within a kind, with the
 * snippet highlighted only for the rows on the page.
 */
export async function searchPage(db: DbOrTx, query: string, kinds: readonly SearchKind[], visible: Visible, limit: number, offset: number) {
  return queryRows<MatchRow>(
    db,
    sql`with search_query as (select websearch_to_tsquery('english', ${query}) as q),
      found as (${matches(kinds, visible)}),
      page as (select * from found order by array_position(${kindOrder}, kind), rank desc, title, ref limit ${limit} offset ${offset})
    select kind, ref, parent, title, context,
      ts_headline('english', document, (select q from search_query), ${headlineOptions}) as headline
    from page order by array_position(${kindOrder}, kind), rank desc, title, ref`,
  );
}

/** How many matches each kind has (kinds without any are left out). */
export async function countByKind(db: DbOrTx, query: string, kinds: readonly SearchKind[], visible: Visible) {
  const rows = await queryRows<{ kind: SearchKind; n: number }>(
    db,
    sql`with search_query as (select websearch_to_tsquery('english', ${query}) as q),
      found as (${matches(kinds, visible)})
    select kind, count(*)::int as n from found group by kind`,
  );
  return new Map(rows.map((r) => [r.kind, r.n]));
}
