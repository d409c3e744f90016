import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';

/**
 * "Take next" for a group of agents in one call (group commit, see TakeNextUseCase): for each agent
 * in turn, the statement TypeormWorkItemRepository used to send once per agent (count what they
 * hold, read the heads of their queues from work_items_next, lock the most urgent free head with
 * SKIP LOCKED, assign it; deeper when every head is held), run inside the server. A group of 13
 * takes was 13 round trips in a row, each planned anew; now it is one, and PL/pgSQL keeps the plans.
 * Written by hand in the service's schema: the entities do not describe functions.
 */
export class TakeNextEach1796099446937 implements MigrationInterface {
  name = 'TakeNextEach1796099446937';

  async up(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(takeNextEachFunction(s, 'tenant_id', 'CREATE'));
  }

  async down(q: QueryRunner): Promise<void> {
    const s = (q.dataSource.options as PostgresDataSourceOptions).schema;
    await q.query(`DROP FUNCTION "${s}"."take_next_each"(jsonb, timestamptz)`);
  }
}

/**
 * The function's text, its items of the agent's city found by `cityColumn` (`tenant_id` here;
 * `worked_by` from migration 1796217169583, where a city works the services other cities hand it).
 */
export function takeNextEachFunction(
  s: string | undefined,
  cityColumn: 'tenant_id' | 'worked_by',
  verb: 'CREATE' | 'CREATE OR REPLACE',
): string {
  const t = `"${s}"."work_items"`;
  return `
${verb} FUNCTION "${s}"."take_next_each"(p_agents jsonb, p_at timestamptz)
RETURNS TABLE (o_ord int, o_holding int, o_item jsonb)
LANGUAGE plpgsql AS $fn$
DECLARE
  a record;
  d int;
  r jsonb;
  n int;
  more boolean;
BEGIN
  FOR a IN
    SELECT x.ord::int AS ord, x.v->>'tenantId' AS tenant_id, x.v->>'id' AS agent_id,
           ARRAY(SELECT jsonb_array_elements_text(x.v->'queues')) AS queues,
           ARRAY(SELECT jsonb_array_elements_text(x.v->'skills')) AS skills,
           (x.v->>'capacity')::int AS capacity
      FROM jsonb_array_elements(p_agents) WITH ORDINALITY AS x(v, ord)
     ORDER BY x.ord
  LOOP
    r := NULL;
    n := 0;
    FOREACH d IN ARRAY ARRAY[8, 64, 512, 4096] LOOP
      WITH held AS (
             SELECT count(*) AS c FROM ${t}
              WHERE ${cityColumn} = a.tenant_id AND assignee = a.agent_id AND state = 'assigned'),
           heads AS (
             SELECT h.case_id, h.priority, h.resolution_due_at, h.received_at
               FROM unnest(a.queues) AS q(queue)
              CROSS JOIN LATERAL (
                SELECT w.case_id, w.priority, w.resolution_due_at, w.received_at FROM ${t} w
                 WHERE w.${cityColumn} = a.tenant_id AND w.queue = q.queue AND w.state = 'queued'
                   AND w.skills <@ a.skills
                 ORDER BY w.priority, w.resolution_due_at, w.received_at
                 LIMIT d) h),
           pick AS (
             SELECT w.case_id FROM ${t} w JOIN heads USING (case_id)
              WHERE w.state = 'queued' AND (SELECT c FROM held) < a.capacity
              ORDER BY heads.priority, heads.resolution_due_at, heads.received_at
              FOR UPDATE OF w SKIP LOCKED
              LIMIT 1)
      UPDATE ${t} w SET state = 'assigned', assignee = a.agent_id, assigned_at = p_at, version = w.version + 1
        FROM pick WHERE w.case_id = pick.case_id
      RETURNING to_jsonb(w.*) INTO r;
      EXIT WHEN r IS NOT NULL;
      SELECT count(*) INTO n FROM ${t}
       WHERE ${cityColumn} = a.tenant_id AND assignee = a.agent_id AND state = 'assigned';
      SELECT EXISTS (SELECT 1 FROM ${t}
                      WHERE ${cityColumn} = a.tenant_id AND queue = ANY(a.queues) AND state = 'queued'
                        AND skills <@ a.skills OFFSET d) INTO more;
      EXIT WHEN n >= a.capacity OR NOT more;
    END LOOP;
    o_ord := a.ord;
    o_holding := n;
    o_item := r;
    RETURN NEXT;
  END LOOP;
END
$fn$`;
}
