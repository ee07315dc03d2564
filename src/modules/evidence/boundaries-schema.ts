/** Area boundaries for the hotspot maps (migration 0250): one simplified GeoJSON geometry per area. */
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export type Position = [number, number];
export type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export const areaBoundaries = pgTable('evidence_area_boundaries', {
  areaCode: text('area_code').primaryKey(),
  geometry: jsonb('geometry').$type<Geometry>().notNull(),
  source: text('source').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
