import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeCityConfiguration, TOPICS, type CityConfiguration } from '@city/contracts';
import { citiesDir, servedCities, writeCityFolder, type BaseConfig } from '@city/platform-config';
import { createLogger } from '@city/platform-logging';
import { CompactedTopicReader } from '../compacted-topic-reader';
import { createKafka, type Kafka } from '../kafka-client';
import { endOffsets, startOffsets } from '../topics-admin';

/** Every city on the compacted city topic, read whole (none when the topic is not there or empty). */
export async function readOnboardedCities(kafka: Kafka, logger: Logger): Promise<CityConfiguration[]> {
  const topic = kafka.settings.topicPrefix + TOPICS.cityConfigurations;
  const exists = await kafka.withAdmin(async (admin) => (await admin.listTopics()).includes(topic));
  if (!exists) return [];
  const [ends, starts] = await Promise.all([endOffsets(kafka, topic), startOffsets(kafka, topic)]);
  // Nothing ever onboarded (the usual case): no consumer group to join.
  if (![...ends].some(([p, end]) => end > (starts.get(p) ?? 0n))) return [];
  const reader = new CompactedTopicReader(kafka, logger, {
    topic,
    clientId: kafka.settings.clientId,
    decode: decodeCityConfiguration,
  });
  try {
    await reader.start();
    await reader.caughtUp;
    return [...reader.entries.values()];
  } finally {
    await reader.stop();
  }
}

/**
 * A service's configuration with the cities onboarded through the admin API added
 * (docs/multi-tenancy.md), called by every service's main before its modules load. The city topic is
 * read whole; each city on it that the service does not have from its files is written as a folder
 * beside copies of the file-configured cities' folders (in a directory of this process's own under
 * the system's temporary one), and named in CITIES. So every part of every service reads an onboarded
 * city as it reads one from files, and checks it the same way at start. A city with a folder of its
 * own in CITIES_DIR keeps it (files win, as they are what an operator wrote last), and is served.
 */
export async function withOnboardedCities<C extends BaseConfig>(
  config: C,
  service: string,
  logger: Logger = createLogger(service, config.LOG_LEVEL),
  waitMs = KAFKA_WAIT_MS,
): Promise<C> {
  const kafka = createKafka(
    { clientId: `${service}-cities`, brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX },
    logger,
  );
  const onboarded = await readWaiting(kafka, logger, waitMs);
  if (onboarded.length === 0) return config;
  const own = citiesDir(config);
  const fresh = onboarded.filter((c) => {
    const hasFolder = existsSync(join(own, c.city));
    if (hasFolder)
      logger.warn(
        { city: c.city },
        'city onboarded through the API has a folder of its own: the folder is used',
      );
    return !hasFolder;
  });
  let dir = own;
  if (fresh.length > 0) {
    dir = mkdtempSync(join(tmpdir(), `cities-${service}-`));
    // This process's copy: gone when it ends (every part reads its files at start).
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    if (existsSync(own)) cpSync(own, dir, { recursive: true });
    for (const c of fresh) {
      writeCityFolder(
        dir,
        c.city,
        c,
        `onboarded by ${c.onboardedBy} on ${c.onboardedAt} through the admin API`,
      );
      writeFileSync(join(dir, c.city, ONBOARDED_MARK), `${c.onboardedBy} ${c.onboardedAt}\n`);
    }
  }
  // Every city onboarded is served, by its folder where it has one.
  const served = servedCities(config);
  const cities = [...served, ...onboarded.map((c) => c.city).filter((c) => !served.includes(c))];
  logger.info({ cities: onboarded.map((c) => c.city) }, 'serving cities onboarded through the API');
  return { ...config, CITIES: cities, CITIES_DIR: dir };
}

/** Marks a city folder written from the city topic, not by an operator. */
export const ONBOARDED_MARK = '.onboarded';

/**
 * Whether this process serves `city` from its onboarded configuration (the folder written from the
 * city topic), rather than from a folder an operator wrote (files win over the topic).
 */
export const servedAsOnboarded = (config: { CITIES_DIR?: string }, city: string): boolean =>
  existsSync(join(citiesDir(config), city, ONBOARDED_MARK));

/** How long a service waits at start for Kafka to read the onboarded cities, before it gives up (and is restarted). */
const KAFKA_WAIT_MS = 5 * 60_000;

/**
 * The onboarded cities, waiting for Kafka while it cannot be reached: a service never starts without
 * the cities it is to serve (it would answer their people 400), so it waits, saying so, and past
 * `waitMs` stops (its supervisor starts it again).
 */
async function readWaiting(kafka: Kafka, logger: Logger, waitMs: number): Promise<CityConfiguration[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await readOnboardedCities(kafka, logger);
    } catch (e) {
      if (Date.now() > deadline)
        throw new Error(`the onboarded cities could not be read from Kafka: ${(e as Error).message}`);
      logger.warn(
        { err: (e as Error).message },
        'Kafka not reachable at start: waiting to read the onboarded cities',
      );
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}
