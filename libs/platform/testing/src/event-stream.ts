import { createParser } from 'eventsource-parser';

export interface StreamedEvent {
  /** The event's type (`event:`), `message` when it has none. */
  type: string;
  id: string | undefined;
  /** `data:` as JSON when it parses, else as text. */
  data: unknown;
  /** When it arrived (Date.now()). */
  at: number;
}

/**
 * A server-sent event stream opened as a console would (fetch with its bearer token), read into
 * memory so a test can wait for what the server pushed and check what it did not.
 */
export class EventStream {
  readonly events: StreamedEvent[] = [];
  private constructor(private readonly abort: AbortController) {}

  /** Opens the stream; throws with the status when the server does not answer 200 with one. */
  static async open(url: string, headers: Record<string, string>): Promise<EventStream> {
    const abort = new AbortController();
    const res = await fetch(url, {
      headers: { ...headers, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) {
      const text = await res.text().catch(() => '');
      throw new Error(`event stream ${url} answered ${res.status}: ${text.slice(0, 200)}`);
    }
    const stream = new EventStream(abort);
    const parser = createParser({
      onEvent: (e) => {
        let data: unknown = e.data;
        try {
          data = JSON.parse(e.data);
        } catch {
          // text, as sent
        }
        stream.events.push({ type: e.event ?? 'message', id: e.id, data, at: Date.now() });
      },
    });
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
          parser.feed(decoder.decode(chunk, { stream: true }));
      } catch {
        // closed by close(), or by the server
      }
    })();
    return stream;
  }

  of(type: string): StreamedEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Waits until an event of this type (that `predicate` accepts) has arrived, and returns it. */
  async waitFor(
    type: string,
    predicate: (e: StreamedEvent) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<StreamedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find((e) => e.type === type && predicate(e));
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no ${type} event within ${timeoutMs} ms (${this.events.map((e) => e.type).join(', ')})`,
        );
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.abort.abort();
  }
}
