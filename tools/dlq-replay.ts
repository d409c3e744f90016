// Puts dead letters back on their original topic once they can succeed:
//   npm run dlq:replay -- intake.requests.v1 [--group case-service.intake] [--error "regex"] [--dry-run]
// Reads <topic>.dlq up to its current end, prints each letter with its error, and republishes those
// that match. Each letter goes back once: a later run passes over what went back, and weighs again the
// letters the filters skipped (they stay for a later replay, with other filters or none).
import { parseArgs } from 'node:util';
import {
  createIdempotentProducer,
  createKafka,
  EventPublisher,
  replayDeadLetters,
  TopicNames,
} from '@city/platform-kafka';
import { createLogger } from '@city/platform-logging';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      group: { type: 'string' },
      error: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const topic = positionals[0];
  if (!topic || topic.endsWith('.dlq')) {
    console.error(
      'usage: dlq:replay -- <original topic, e.g. intake.requests.v1> [--group <consumer group>] [--error <regex>] [--dry-run]',
    );
    process.exit(2);
  }
  const logger = createLogger('dlq-replay', process.env.LOG_LEVEL ?? 'warn');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = createKafka(
    {
      clientId: 'dlq-replay',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      topicPrefix: prefix,
    },
    logger,
  );
  const publisher = new EventPublisher(createIdempotentProducer(kafka), {
    maxBatch: 200,
    ackTimeoutMs: 15_000,
  });
  try {
    const letters = await replayDeadLetters(kafka, publisher, new TopicNames(prefix), logger, {
      topic,
      consumerGroup: values.group,
      errorMatches: values.error ? new RegExp(values.error) : undefined,
      dryRun: values['dry-run'],
    });
    for (const l of letters)
      console.log(
        `${l.replayed ? 'replayed    ' : l.wanted ? 'would replay' : 'skipped     '}  ${topic}.dlq/${l.partition}/${l.offset}  key=${l.key ?? '-'}  group=${l.consumerGroup}  error=${l.error}`,
      );
    const n = letters.filter((l) => l.replayed).length;
    console.log(
      values['dry-run']
        ? `${letters.length} dead letters read (dry run: nothing replayed)`
        : `${n} of ${letters.length} dead letters replayed to ${topic}`,
    );
  } finally {
    await publisher.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
