import { Injectable } from '@nestjs/common';
import { tableName, TypeormTransaction } from '@city/platform-database';
import { placeOf, type DeadLetter, type TopicCounts } from './dead-letter';
import { OpsDeadLetter, OpsDeadLetterReplay } from './dead-letter.entity';
import { DeadLetterRepository, type ReplayRecord } from './dead-letter.repository';

const asLetter = (r: OpsDeadLetter): DeadLetter => ({
  topic: r.topic,
  partition: r.partition,
  offset: String(r.offset),
  key: r.key,
  originalPartition: r.originalPartition,
  originalOffset: r.originalOffset === null ? null : String(r.originalOffset),
  consumerGroup: r.consumerGroup,
  eventType: r.eventType,
  eventVersion: r.eventVersion,
  eventId: r.eventId,
  tenantId: r.tenantId,
  correlationId: r.correlationId,
  error: r.error,
  attempts: r.attempts,
  failedAt: r.failedAt,
  replayOf: r.replayOf,
  replayedAt: r.replayedAt,
  replayedBy: r.replayedBy,
  replayId: r.replayId,
  expiredAt: r.expiredAt,
});

/** The columns a new letter fills (what became of it comes later). */
const asRow = (l: DeadLetter): Partial<OpsDeadLetter> => ({
  topic: l.topic,
  partition: l.partition,
  offset: l.offset,
  key: l.key,
  originalPartition: l.originalPartition,
  originalOffset: l.originalOffset,
  consumerGroup: l.consumerGroup,
  eventType: l.eventType,
  eventVersion: l.eventVersion,
  eventId: l.eventId,
  tenantId: l.tenantId,
  correlationId: l.correlationId,
  error: l.error,
  attempts: l.attempts,
  failedAt: l.failedAt,
  replayOf: l.replayOf,
});

/** `(partition, offset)` pairs of ids, as two arrays for `unnest`. */
const places = (ids: string[]) => {
  const p = ids.map(placeOf);
  return [p.map((x) => x.partition), p.map((x) => x.offset)];
};

@Injectable()
export class TypeormDeadLetterRepository extends DeadLetterRepository {
  constructor(private readonly tx: TypeormTransaction) {
    super();
  }

  async addNew(letters: DeadLetter[]): Promise<number> {
    if (letters.length === 0) return 0;
    const result = await this.tx
      .manager()
      .createQueryBuilder()
      .insert()
      .into(OpsDeadLetter)
      .values(letters.map(asRow))
      .orIgnore()
      .returning(['topic'])
      .execute();
    return (result.raw as unknown[]).length;
  }

  async noteReplayedElsewhere(marks: Array<{ topic: string; id: string; at: Date }>): Promise<void> {
    if (marks.length === 0) return;
    const m = this.tx.manager();
    const [partitions, offsets] = places(marks.map((x) => x.id));
    await m.query(
      `UPDATE ${tableName(m, OpsDeadLetter)} d SET replayed_at = x.at
         FROM unnest($1::text[], $2::int[], $3::bigint[], $4::timestamptz[]) AS x(topic, part, off, at)
        WHERE d.topic = x.topic AND d.dlq_partition = x.part AND d.dlq_offset = x.off AND d.replayed_at IS NULL`,
      [marks.map((x) => x.topic), partitions, offsets, marks.map((x) => x.at)],
    );
  }

  async counts(): Promise<TopicCounts[]> {
    const m = this.tx.manager();
    const rows: Array<{ topic: string; waiting: string; replayed: string; expired: string; newest: Date }> =
      await m.query(
        `SELECT topic,
                count(*) FILTER (WHERE replayed_at IS NULL AND expired_at IS NULL) AS waiting,
                count(*) FILTER (WHERE replayed_at IS NOT NULL) AS replayed,
                count(*) FILTER (WHERE replayed_at IS NULL AND expired_at IS NOT NULL) AS expired,
                max(failed_at) AS newest
           FROM ${tableName(m, OpsDeadLetter)} GROUP BY topic ORDER BY topic`,
      );
    return rows.map((r) => ({
      topic: r.topic,
      waiting: Number(r.waiting),
      replayed: Number(r.replayed),
      expired: Number(r.expired),
      newestFailedAt: r.newest,
    }));
  }

  async list(q: { topic?: string; replayed?: boolean; limit: number }): Promise<DeadLetter[]> {
    const qb = this.tx.manager().getRepository(OpsDeadLetter).createQueryBuilder('d');
    if (q.topic) qb.andWhere('d.topic = :topic', { topic: q.topic });
    if (q.replayed === true) qb.andWhere('d.replayed_at IS NOT NULL');
    if (q.replayed === false) qb.andWhere('d.replayed_at IS NULL');
    const rows = await qb
      .orderBy('d.failed_at', 'DESC')
      .addOrderBy('d.dlq_offset', 'DESC')
      .limit(q.limit)
      .getMany();
    return rows.map(asLetter);
  }

  async byIds(topic: string, ids: string[]): Promise<DeadLetter[]> {
    if (ids.length === 0) return [];
    const m = this.tx.manager();
    const [partitions, offsets] = places(ids);
    const rows = await m
      .getRepository(OpsDeadLetter)
      .createQueryBuilder('d')
      .where('d.topic = :topic', { topic })
      .andWhere(
        '(d.dlq_partition, d.dlq_offset) IN (SELECT * FROM unnest(CAST(:partitions AS int[]), CAST(:offsets AS bigint[])))',
        { partitions, offsets },
      )
      .orderBy('d.dlq_partition')
      .addOrderBy('d.dlq_offset')
      .getMany();
    return rows.map(asLetter);
  }

  async waiting(topic: string): Promise<DeadLetter[]> {
    const rows = await this.tx
      .manager()
      .getRepository(OpsDeadLetter)
      .createQueryBuilder('d')
      .where('d.topic = :topic AND d.replayed_at IS NULL AND d.expired_at IS NULL', { topic })
      .orderBy('d.failed_at')
      .addOrderBy('d.dlq_partition')
      .addOrderBy('d.dlq_offset')
      .getMany();
    return rows.map(asLetter);
  }

  async recordReplay(
    replay: ReplayRecord,
    marks: { replayed: string[]; replayedBefore: string[]; expired: string[] },
  ): Promise<void> {
    const m = this.tx.manager();
    await m.getRepository(OpsDeadLetterReplay).insert({
      id: replay.id,
      topic: replay.topic,
      at: replay.at,
      actor: replay.actor,
      actorSubject: replay.actorSubject,
      requested: replay.requested,
      outcomes: replay.outcomes,
    });
    const table = tableName(m, OpsDeadLetter);
    const update = async (ids: string[], set: string, params: unknown[]) => {
      if (ids.length === 0) return;
      const [partitions, offsets] = places(ids);
      await m.query(
        `UPDATE ${table} d SET ${set}
           FROM unnest($2::int[], $3::bigint[]) AS x(part, off)
          WHERE d.topic = $1 AND d.dlq_partition = x.part AND d.dlq_offset = x.off`,
        [replay.topic, partitions, offsets, ...params],
      );
    };
    await update(marks.replayed, 'replayed_at = $4, replayed_by = $5, replay_id = $6', [
      replay.at,
      replay.actor,
      replay.id,
    ]);
    await update(marks.replayedBefore, 'replayed_at = COALESCE(d.replayed_at, $4)', [replay.at]);
    await update(marks.expired, 'expired_at = $4', [replay.at]);
  }
}
