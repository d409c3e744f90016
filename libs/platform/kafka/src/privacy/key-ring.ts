import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { CompactedTopicReader } from '../compacted-topic-reader';
import type { EventPublisher } from '../event-publisher';
import type { Kafka } from '../kafka-client';
import { newDataKey, unwrapKey, wrapKey } from './sealing';

export interface KeyRingOptions {
  /** The deployment's master key (32 bytes): it wraps every data key on the key topic. */
  master: Buffer;
  /** The key topic's full name (with the prefix). */
  topic: string;
  /** Names this reader's own consumer group. */
  clientId: string;
  /** How many of its own keys an instance keeps at hand (beyond, a new key is made: harmless). */
  ownKeys?: number;
  /** How many opened keys it keeps at hand (default 100,000). */
  openedKeys?: number;
}

/** What a key's name says it is for: its subject (`<topic>/<what the event is about>`). */
export const subjectOfKid = (kid: string): string => kid.slice(0, kid.lastIndexOf('#'));

/** Whether a subject is among these: named exactly, or matched by one with a `*` (any run of characters). */
const among = (subject: string, exact: Set<string>, globs: Array<[string, string]>) =>
  exact.has(subject) ||
  globs.some(
    ([before, after]) =>
      subject.length >= before.length + after.length && subject.startsWith(before) && subject.endsWith(after),
  );

/** A data key: its name and bytes. */
export interface DataKey {
  kid: string;
  key: Buffer;
}

/**
 * The data keys of the deployment (docs/personal-data.md, Kafka), read from the compacted key topic
 * into memory and followed. A producer seals with its own key per topic and message key
 * (`<topic>/<message key>#<random>`), written to the topic (acks=all) before the first event that
 * uses it, so a reader has it by the time it reads the event. An erasure tombstones every key of a
 * subject: what was sealed with them can no longer be opened, anywhere.
 */
export class KeyRing {
  private readonly reader: CompactedTopicReader<string>;
  private readonly own = new Map<string, DataKey>();
  private readonly opened = new Map<string, Buffer>();
  /** Keys seen erased (tombstoned) since this ring started reading. */
  private readonly erased = new Set<string>();
  /**
   * Subjects whose keys were erased: an event about one published after its erasure (a message on its
   * way, an outbox row relayed late) is born erased, sealed with a key never written.
   */
  private readonly erasedSubjects = new Set<string>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly making = new Map<string, Promise<DataKey>>();

  constructor(
    kafka: Kafka,
    private readonly logger: Logger,
    /** What writes keys and tombstones; null for a ring that only reads (`KeyRing.readingOnly`). */
    private readonly publisher: EventPublisher | null,
    private readonly o: KeyRingOptions,
  ) {
    this.reader = new CompactedTopicReader<string>(kafka, logger, {
      topic: o.topic,
      clientId: o.clientId,
      decode: (value) => value.toString('utf8'),
      // A tombstone whose key compaction already took is an erasure all the same.
      deletesOfAbsentKeys: true,
      onChange: (kid, value) => {
        if (value === null) {
          this.erased.add(kid);
          this.erasedSubjects.add(subjectOfKid(kid));
          this.opened.delete(kid);
        }
        for (const wake of this.waiting.get(kid) ?? []) wake();
      },
    });
  }

  /** A ring that opens what the key topic's keys open, and makes and erases none (a test reading the topics). */
  static readingOnly(kafka: Kafka, logger: Logger, o: KeyRingOptions): KeyRing {
    return new KeyRing(kafka, logger, null, o);
  }

  private writer(): EventPublisher {
    if (!this.publisher) throw new Error('this key ring only reads: it makes and erases no keys');
    return this.publisher;
  }

  get ready(): boolean {
    return this.reader.ready;
  }

  async start(): Promise<void> {
    await this.reader.start();
    await this.reader.caughtUp;
  }

  stop(): Promise<void> {
    return this.reader.stop();
  }

  /**
   * This instance's key for a subject (`<topic>/<what the event is about>`, see event-privacy.ts),
   * made and written to the key topic first when it has none; callers asking at once share one.
   */
  keyFor(subject: string): Promise<DataKey> {
    if (this.erasedSubjects.has(subject))
      return Promise.resolve({ kid: `${subject}#erased`, key: newDataKey() });
    const mine = this.own.get(subject);
    if (mine && !this.erased.has(mine.kid)) return Promise.resolve(mine);
    const under = this.making.get(subject);
    if (under) return under;
    const making = this.make(subject).finally(() => this.making.delete(subject));
    this.making.set(subject, making);
    return making;
  }

  private async make(subject: string): Promise<DataKey> {
    const made = { kid: `${subject}#${randomBytes(6).toString('base64url')}`, key: newDataKey() };
    await this.writer().send({
      topic: this.o.topic,
      key: made.kid,
      value: wrapKey(this.o.master, made.kid, made.key),
    });
    this.own.set(subject, made);
    this.remember(made.kid, made.key);
    if (this.own.size > (this.o.ownKeys ?? 10_000)) this.own.delete(this.own.keys().next().value!);
    return made;
  }

  /**
   * A key by its name, waiting up to `waitMs` for it to arrive (it was written before the event that
   * names it, so a ring a moment behind has it soon): `erased` when its tombstone was seen (what it
   * sealed is to be handled as erased), `missing` when it did not come (a ring behind: try again; a
   * tombstone already compacted away looks the same, and such an event ends as a dead letter, sealed).
   */
  async key(kid: string, waitMs = 5_000): Promise<Buffer | 'erased' | 'missing'> {
    if (this.erased.has(kid) || this.erasedSubjects.has(subjectOfKid(kid))) return 'erased';
    const known = this.known(kid);
    if (known) return known;
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        const rest = (this.waiting.get(kid) ?? []).filter((w) => w !== wake);
        if (rest.length > 0) this.waiting.set(kid, rest);
        else this.waiting.delete(kid);
        resolve();
      };
      const timer = setTimeout(wake, waitMs);
      this.waiting.set(kid, [...(this.waiting.get(kid) ?? []), wake]);
    });
    return this.known(kid) ?? (this.erased.has(kid) ? 'erased' : 'missing');
  }

  /** Keeps a key opened at hand, the oldest forgotten beyond a bound (it opens again from the topic). */
  private remember(kid: string, key: Buffer): void {
    this.opened.set(kid, key);
    if (this.opened.size > (this.o.openedKeys ?? 100_000))
      this.opened.delete(this.opened.keys().next().value!);
  }

  private known(kid: string): Buffer | null {
    const cached = this.opened.get(kid);
    if (cached) return cached;
    const wrapped = this.reader.entries.get(kid);
    if (!wrapped) return null;
    try {
      const key = unwrapKey(this.o.master, kid, wrapped);
      this.remember(kid, key);
      return key;
    } catch {
      this.logger.error({ kid }, 'a data key does not open with this master key');
      return null;
    }
  }

  /**
   * Erases every key of these subjects (`<topic>/<what it is about>`; one `*` stands for any run of
   * characters, `<topic>/<case>/*`), of every producer, that this ring holds: tombstones; says how many. A key another replica wrote a moment ago and this ring has not
   * read yet escapes: erase what is finished (an erasure waits until no request of theirs is open).
   */
  async erase(subjects: string[]): Promise<number> {
    const exact = new Set(subjects.filter((x) => !x.includes('*')));
    const globs = subjects
      .filter((x) => x.includes('*'))
      .map((x): [string, string] => [x.slice(0, x.indexOf('*')), x.slice(x.indexOf('*') + 1)]);
    const kids = [...this.reader.entries.keys(), ...[...this.own.values()].map((k) => k.kid)].filter((kid) =>
      among(subjectOfKid(kid), exact, globs),
    );
    const unique = [...new Set(kids)];
    await Promise.all(
      unique.map((kid) => this.writer().send({ topic: this.o.topic, key: kid, value: null })),
    );
    for (const kid of unique) {
      this.erased.add(kid);
      this.erasedSubjects.add(subjectOfKid(kid));
      this.opened.delete(kid);
    }
    for (const [subject, k] of this.own) if (unique.includes(k.kid)) this.own.delete(subject);
    return unique.length;
  }
}
